using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>
/// Build secrets as files for <c>--secret id=…,src=…</c>, the form docker, podman and buildah all read: one 0600 file per
/// id in a private (0700) directory, deleted on dispose, so the value is on no command line and in no environment.
/// </summary>
public sealed class BuildSecretFiles : IDisposable
{
    private readonly string _directory;

    private BuildSecretFiles(string directory, IReadOnlyDictionary<string, string> paths)
    {
        _directory = directory;
        Paths = paths;
    }

    /// <summary>id → file holding the secret.</summary>
    public IReadOnlyDictionary<string, string> Paths { get; }

    public static BuildSecretFiles Create(IReadOnlyDictionary<string, Secret> secrets, string? parentDirectory = null)
    {
        var directory = Path.Combine(parentDirectory ?? Path.GetTempPath(), "deployer-build-secrets-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new BuildSecretFiles(directory, paths);
        try
        {
            // Numbered names: an id is the user's word and need not be a safe file name.
            foreach (var (id, secret) in secrets)
            {
                var path = Path.Combine(directory, $"secret-{paths.Count}");
                PrivateFile.WriteAllText(path, secret.Reveal());
                paths[id] = path;
            }
            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
