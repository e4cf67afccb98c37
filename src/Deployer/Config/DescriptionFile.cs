using System.Text;

namespace Deployer.Config;

/// <summary>
/// Reads a description file defensively: only a regular file (never a directory, pipe, device or socket, which would
/// hang or never end), at most <see cref="MaxBytes"/>, every failure as a <see cref="ConfigError"/> instead of an exception.
/// </summary>
public static class DescriptionFile
{
    /// <summary>The largest description read; real ones are a few kilobytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The file's text, or the error that names why it cannot be read.</summary>
    public static (string? Text, ConfigError? Error) Read(string path, string displayName)
    {
        ConfigError Fail(string message) => new(displayName, 0, 0, "", message);
        switch (PathKinds.Of(path, out var problem))
        {
            case PathKind.Missing: return (null, Fail("the deploy description does not exist (pass --config PATH)"));
            case PathKind.Directory: return (null, Fail("the deploy description is a directory, not a file (pass --config PATH/deploy.yml)"));
            case PathKind.Special: return (null, Fail("the deploy description is not a regular file (a pipe, device or socket); pass the path of a YAML file"));
            case PathKind.Unreadable: return (null, Fail($"the deploy description cannot be read: {problem}"));
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0) length += read;
            if (length > MaxBytes)
                return (null, Fail($"the deploy description is larger than {MaxBytes / 1024} KiB; a description this large is not a deploy description"));
            return (new UTF8Encoding(false).GetString(buffer, 0, length).TrimStart('\uFEFF'), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, Fail($"the deploy description cannot be read: {e.Message}"));
        }
    }
}
