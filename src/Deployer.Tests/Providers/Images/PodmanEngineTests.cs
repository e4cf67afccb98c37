using Deployer.Providers.Images;

namespace Deployer.Tests.Providers.Images;

public sealed class PodmanEngineTests
{
    private static readonly PodmanEngine Engine = new(ContainerEngineOptions.Sandboxed("/sandbox"));
    private static readonly string[] Global =
        ["--storage-driver", "vfs", "--root", "/sandbox/storage", "--runroot", "/sandbox/run", "--runtime", "runc", "--cgroup-manager", "cgroupfs"];

    [Fact]
    public void A_build_renders_the_global_flags_isolation_and_the_same_build_flags_as_buildah()
    {
        var command = Engine.Build(EngineRequests.Full);

        Assert.Equal("podman", command.Program);
        Assert.Equal([
            .. Global, "build", "--isolation", "chroot",
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
    public void A_push_passes_the_auth_file_the_digest_file_and_tls_setting()
    {
        Assert.Equal([
            .. Global, "push", "--authfile", "/a/config.json", "--tls-verify=false", "--digestfile", "/a/digest",
            "127.0.0.1:5000/app:1", "docker://127.0.0.1:5000/app:1",
        ], Engine.Push("127.0.0.1:5000/app:1", "127.0.0.1:5000/app:1", "/a/config.json", "/a/digest", tlsVerify: false).Arguments);
        Assert.Equal([
            .. Global, "push", "--authfile", "/a/config.json", "--digestfile", "/a/digest", "app:1", "docker://registry.example.com/app:1",
        ], Engine.Push("app:1", "registry.example.com/app:1", "/a/config.json", "/a/digest", tlsVerify: true).Arguments);
    }

    [Fact]
    public void Pull_tag_and_inspect_render_as_podman_expects()
    {
        Assert.Equal([.. Global, "pull", "--authfile", "/a/config.json", "docker://registry.example.com/app:1"],
            Engine.Pull("registry.example.com/app:1", "/a/config.json", tlsVerify: true).Arguments);
        Assert.Equal([.. Global, "tag", "app:1", "app:2"], Engine.Tag("app:1", "app:2").Arguments);
        Assert.Equal([.. Global, "image", "inspect", "app:1"], Engine.Inspect("app:1").Arguments);
    }
}
