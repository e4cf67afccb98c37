namespace Deployer.Secrets;

/// <summary>
/// Passwords inside URLs, <c>scheme://user:password@host</c> whatever the scheme (postgresql, redis, amqp, https), found
/// by a hand scan that reads each character a bounded number of times: a backtracking regex took quadratic time on
/// long runs of URL-like characters (a 1.6 MB value did not finish in 90 s).
/// </summary>
internal static class UrlPasswords
{
    /// <summary>The [start, end) of every password, in order.</summary>
    public static List<(int Start, int End)> Find(ReadOnlySpan<char> text)
    {
        var found = new List<(int Start, int End)>();
        var from = 0;
        while (from < text.Length)
        {
            var at = text[from..].IndexOf("://", StringComparison.Ordinal);
            if (at < 0) break;
            var separator = from + at;
            from = separator + 3;
            // The scheme starts with a letter and holds only letters, digits, + . and -; ':' and '/' end the walk back,
            // so no character is walked twice.
            var hasLetter = false;
            for (var i = separator - 1; i >= 0 && IsScheme(text[i]); i--) hasLetter |= char.IsAsciiLetter(text[i]);
            if (!hasLetter) continue;
            var userEnd = Run(text, separator + 3, c => c is '/' or ':' or '@');
            if (userEnd == separator + 3 || userEnd >= text.Length || text[userEnd] != ':') continue;
            // The password cannot hold '/', so it never runs past the next "://".
            var passwordEnd = Run(text, userEnd + 1, c => c is '@' or '/');
            if (passwordEnd == userEnd + 1 || passwordEnd >= text.Length || text[passwordEnd] != '@') continue;
            found.Add((userEnd + 1, passwordEnd));
            from = passwordEnd + 1;
        }
        return found;
    }

    /// <summary>The passwords of the URLs in <paramref name="text"/>.</summary>
    public static IEnumerable<string> In(string text) => Find(text).Select(p => text[p.Start..p.End]);

    private static int Run(ReadOnlySpan<char> text, int start, Func<char, bool> stop)
    {
        var i = start;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && !stop(text[i])) i++;
        return i;
    }

    private static bool IsScheme(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-';
}
