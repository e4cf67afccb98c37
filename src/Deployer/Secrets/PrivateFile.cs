using System.Text;

namespace Deployer.Secrets;

/// <summary>
/// Files only their owner can read or write (0600), for what a run records (the result file, the local ledger): they
/// hold step messages, outputs and URLs, which other users of a shared runner have no business reading.
/// </summary>
public static class PrivateFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Opens <paramref name="path"/> for writing, created 0600 (an existing file is made 0600 before it is written).</summary>
    public static FileStream Open(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
            if (mode != FileMode.CreateNew && File.Exists(path)) File.SetUnixFileMode(path, Mode);
        }
        return new FileStream(path, options);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 to a 0600 file, replacing what it held.</summary>
    public static void WriteAllText(string path, string text)
    {
        using var stream = Open(path, FileMode.Create);
        stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }
}
