namespace Deployer.Ssh;

/// <summary>
/// The one place an argv becomes a line for the remote POSIX shell (SSH carries a string, not an argv). Every word is
/// single-quoted unless it is made only of characters no shell treats specially, so a hostile name (spaces, quotes,
/// <c>$(…)</c>, <c>;</c>, newlines, a leading <c>~</c>) reaches the program as one literal word.
/// </summary>
public static class ShellQuote
{
    /// <summary>One word, safe for <c>sh -c</c>: <c>it's</c> becomes <c>'it'\''s'</c>.</summary>
    public static string Word(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Contains('\0')) throw new ArgumentException("a shell word cannot hold a NUL character", nameof(word));
        return word.Length > 0 && word[0] != '~' && word.All(Plain)
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>An argv as one command line: each word quoted by <see cref="Word"/>, joined by spaces.</summary>
    public static string Line(IEnumerable<string> argv) => string.Join(' ', argv.Select(Word));

    private static bool Plain(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or '@' or ',' or '+' or '%';
}
