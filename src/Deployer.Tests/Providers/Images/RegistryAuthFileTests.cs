using System.Text;
using System.Text.Json;
using Deployer.Providers.Images;
using Deployer.Secrets;

namespace Deployer.Tests.Providers.Images;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are checked where they exist
public sealed class RegistryAuthFileTests
{
    [Fact]
    public void The_auth_file_holds_base64_user_and_password_for_the_host_in_a_private_config_json()
    {
        string directory;
        using (var auth = RegistryAuthFile.Create("127.0.0.1:5000", new RegistryLogin("AWS", new Secret("t0ken:with-colon"))))
        {
            directory = auth.Directory;
            using var json = JsonDocument.Parse(File.ReadAllText(auth.Path));
            var encoded = json.RootElement.GetProperty("auths").GetProperty("127.0.0.1:5000").GetProperty("auth").GetString()!;

            Assert.Equal("AWS:t0ken:with-colon", Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
            Assert.Equal("config.json", Path.GetFileName(auth.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(auth.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(auth.Directory));
        }

        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Anonymous_access_writes_empty_auths_and_docker_hub_gets_both_of_its_keys()
    {
        using var anonymous = RegistryAuthFile.Create("registry.example.com", null);
        using var hub = RegistryAuthFile.Create("docker.io", new RegistryLogin("me", new Secret("pw")));

        Assert.Equal("""{"auths":{}}""", File.ReadAllText(anonymous.Path));
        var keys = JsonDocument.Parse(File.ReadAllText(hub.Path)).RootElement.GetProperty("auths").EnumerateObject().Select(p => p.Name);
        Assert.Equal(["docker.io", "https://index.docker.io/v1/"], keys);
    }
}
