using Deployer.Secrets;

namespace Deployer.Releases;

/// <summary>
/// Deployment locks beside the local ledger: <c>.deployer/locks/&lt;app&gt;/&lt;environment&gt;.lock</c>, a 0600 JSON file.
/// Every claim, renewal, take-over or release reads and changes the file under an OS lock on a guard file (released if
/// the process dies) and writes by renaming a complete temporary file, so the lock's name never stands empty or half
/// written while it is held.
/// </summary>
public sealed class LocalDeployLocks(string directory, TimeProvider time) : IDeployLocks
{
    private static readonly TimeSpan GuardTimeout = TimeSpan.FromSeconds(30);

    public static LocalDeployLocks InRepository(string repositoryRoot, TimeProvider time) =>
        new(System.IO.Path.Combine(repositoryRoot, ".deployer", "locks"), time);

    public string Directory { get; } = System.IO.Path.GetFullPath(directory);

    public string Name => $"the local lock directory {Directory}";

    /// <summary>The lock file of an app's environment (names are checked by the description to hold no path separators).</summary>
    public string PathOf(string app, string environment) =>
        System.IO.Path.Combine(Directory, Safe(app), Safe(environment) + ".lock");

    public async Task<LockHolder?> ClaimAsync(string app, string environment, LockHolder holder, CancellationToken cancellationToken)
    {
        var path = PathOf(app, environment);
        // Under the guard like every other change: a link-without-overwrite alone is not atomic on every file system
        // (.NET falls back to check-then-rename where hard links or RENAME_NOREPLACE are refused), and CI once saw two
        // of sixteen racing claims both win.
        await using var _ = await GuardAsync(path, cancellationToken).ConfigureAwait(false);
        if (Read(path) is { } current) return current;
        var temporary = WriteTemporary(path, holder);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return null;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<bool> ReplaceAsync(string app, string environment, LockHolder expected, LockHolder next, CancellationToken cancellationToken)
    {
        var path = PathOf(app, environment);
        await using var _ = await GuardAsync(path, cancellationToken).ConfigureAwait(false);
        if (Read(path) != expected) return false;
        var temporary = WriteTemporary(path, next);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    public async Task ReleaseAsync(string app, string environment, LockHolder held, CancellationToken cancellationToken)
    {
        var path = PathOf(app, environment);
        await using var _ = await GuardAsync(path, cancellationToken).ConfigureAwait(false);
        if (Read(path) == held) File.Delete(path);
    }

    public async Task<LockHolder?> BreakAsync(string app, string environment, CancellationToken cancellationToken)
    {
        var path = PathOf(app, environment);
        if (!System.IO.Directory.Exists(System.IO.Path.GetDirectoryName(path))) return null;
        await using var _ = await GuardAsync(path, cancellationToken).ConfigureAwait(false);
        LockHolder? current;
        try
        {
            current = Read(path);
        }
        catch (InvalidDataException)
        {
            // A broken lock file is broken all the more: remove it, and say nobody in particular held it.
            current = null;
        }
        File.Delete(path);
        return current;
    }

    private static LockHolder? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        return LockHolder.Parse(text, path);
    }

    private static string WriteTemporary(string path, LockHolder holder)
    {
        var temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        using var stream = PrivateFile.Open(temporary, FileMode.CreateNew);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(holder.ToJson()));
        stream.Flush(flushToDisk: true);
        return temporary;
    }

    /// <summary>An OS lock on <c>&lt;lock&gt;.guard</c>, released if the process dies; the guard file is left in place.</summary>
    private async Task<FileStream> GuardAsync(string path, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var deadline = time.GetUtcNow() + GuardTimeout;
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFile.Mode;
                return new FileStream(path + ".guard", options);
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal static string Safe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
