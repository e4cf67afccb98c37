using System.Text;
using System.Text.Json;

namespace Deployer.Providers.Images;

/// <summary>
/// A temporary registry auth file, <c>config.json</c> in a private directory (file 0600, directory 0700), in the format
/// docker, podman and buildah share: <c>{"auths":{"host":{"auth":"base64(user:password)"}}}</c>. Pass
/// <see cref="Path"/> as <c>--authfile</c>, or <see cref="Directory"/> as DOCKER_CONFIG. Disposing deletes both.
/// </summary>
public sealed class RegistryAuthFile : IDisposable
{
    private const string DockerHubKey = "https://index.docker.io/v1/";

    private RegistryAuthFile(string directory)
    {
        Directory = directory;
        Path = System.IO.Path.Combine(directory, "config.json");
    }

    /// <summary>The private directory holding <c>config.json</c> (usable as DOCKER_CONFIG).</summary>
    public string Directory { get; }

    /// <summary>The auth file itself.</summary>
    public string Path { get; }

    /// <summary>An auth file for one registry host (e.g. <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>), or none for anonymous access.</summary>
    public static RegistryAuthFile Create(string registry, RegistryLogin? login, string? parentDirectory = null) =>
        Create(login is null ? new Dictionary<string, RegistryLogin>() : new Dictionary<string, RegistryLogin> { [registry] = login }, parentDirectory);

    /// <summary>An auth file for several registries (e.g. pull from staging, push to production).</summary>
    public static RegistryAuthFile Create(IReadOnlyDictionary<string, RegistryLogin> logins, string? parentDirectory = null)
    {
        var directory = System.IO.Path.Combine(parentDirectory ?? System.IO.Path.GetTempPath(), "deployer-auth-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(directory);
        else System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = new RegistryAuthFile(directory);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(file.Path, options);
            stream.Write(Render(logins));
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static byte[] Render(IReadOnlyDictionary<string, RegistryLogin> logins)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("auths");
            foreach (var (registry, login) in logins.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(login.Username + ":" + login.Password.Reveal()));
                foreach (var key in registry == ImageReference.DefaultRegistry ? [registry, DockerHubKey] : new[] { registry })
                {
                    json.WriteStartObject(key);
                    json.WriteString("auth", auth);
                    json.WriteEndObject();
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
