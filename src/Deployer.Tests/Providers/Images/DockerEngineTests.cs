using Deployer.Providers.Images;

namespace Deployer.Tests.Providers.Images;

public sealed class DockerEngineTests
{
    private static readonly DockerEngine Engine = new();

    [Fact]
    public void A_build_renders_the_standard_build_flags_without_storage_or_isolation()
    {
        var command = Engine.Build(EngineRequests.Full);

        Assert.Equal("docker", command.Program);
        Assert.Equal([
            "build",
            "--file", "/src/app/Dockerfile", "--target", "runtime", "--platform", "linux/amd64",
            "--build-arg", "NODE_VERSION=22", "--build-arg", "PYTHON_VERSION=3.12",
            "--label", "com.example.team=web",
            "--label", "org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567",
            "--label", "org.opencontainers.image.source=https://github.com/acme/app",
            "--tag", "localhost/app:build", "--tag", "localhost/app:latest",
            "/src/app",
        ], command.Arguments);
    }

    [Fact]
    public void A_push_gets_credentials_from_a_docker_config_directory_not_the_command_line()
    {
        var command = Engine.Push("registry.example.com/app:1", "registry.example.com/app:1", "/run/deployer-auth/config.json", "/run/deployer-auth/digest", tlsVerify: true);

        Assert.Equal(["push", "registry.example.com/app:1"], command.Arguments);
        Assert.Equal(new Dictionary<string, string> { ["DOCKER_CONFIG"] = "/run/deployer-auth" }, command.Environment);
        Assert.Equal("DOCKER_CONFIG=/run/deployer-auth docker push registry.example.com/app:1", command.Display);
        Assert.False(Engine.WritesDigestFile);
    }

    [Fact]
    public void Docker_pushes_a_tag_as_named_so_a_different_target_or_auth_file_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Engine.Push("app:1", "registry.example.com/app:1", "/a/config.json", "/a/digest", true));
        Assert.Throws<ArgumentException>(() => Engine.Pull("registry.example.com/app:1", "/a/auth.json", true));
    }

    [Fact]
    public void Pull_tag_and_inspect_render_as_docker_expects()
    {
        var pull = Engine.Pull("registry.example.com/app@sha256:abc", "/a/config.json", tlsVerify: true);
        Assert.Equal(["pull", "registry.example.com/app@sha256:abc"], pull.Arguments);
        Assert.Equal("/a", pull.Environment["DOCKER_CONFIG"]);
        Assert.Equal(["tag", "app:1", "app:2"], Engine.Tag("app:1", "app:2").Arguments);
        Assert.Equal(["image", "inspect", "app:1"], Engine.Inspect("app:1").Arguments);
    }
}
