using Deployer.Providers.Images;

namespace Deployer.Tests.Providers.Images;

public sealed class BuildahEngineTests
{
    private static readonly BuildahEngine Engine = new(ContainerEngineOptions.Sandboxed("/sandbox"));
    private static readonly string[] Storage = ["--storage-driver", "vfs", "--root", "/sandbox/storage", "--runroot", "/sandbox/run"];

    [Fact]
    public void A_build_renders_target_platform_sorted_build_args_and_labels_the_oci_labels_and_tags()
    {
        var command = Engine.Build(EngineRequests.Full);

        Assert.Equal("buildah", command.Program);
        Assert.Equal([
            .. Storage, "build", "--isolation", "chroot",
            "--file", "/src/app/Dockerfile", "--target", "runtime", "--platform", "linux/amd64",
            "--build-arg", "NODE_VERSION=22", "--build-arg", "PYTHON_VERSION=3.12",
            "--label", "com.example.team=web",
            "--label", "org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567",
            "--label", "org.opencontainers.image.source=https://github.com/acme/app",
            "--tag", "localhost/app:build", "--tag", "localhost/app:latest",
            "/src/app",
        ], command.Arguments);
        Assert.Empty(command.Environment);
    }

    [Fact]
    public void A_minimal_build_has_only_the_tag_and_the_context_and_default_options_add_no_storage_flags()
    {
        var command = new BuildahEngine().Build(new ImageBuildRequest("/src/app") { Tags = ["app:1"] });

        Assert.Equal(["build", "--tag", "app:1", "/src/app"], command.Arguments);
    }

    [Fact]
    public void A_push_passes_the_auth_file_the_digest_file_and_no_tls_verification_for_a_plain_http_registry()
    {
        var command = Engine.Push("localhost/app:build", "127.0.0.1:5000/acme/app:0123abc", "/run/deployer-auth/config.json", "/run/deployer-auth/digest", tlsVerify: false);

        Assert.Equal([
            .. Storage, "push", "--authfile", "/run/deployer-auth/config.json", "--tls-verify=false", "--digestfile", "/run/deployer-auth/digest",
            "localhost/app:build", "docker://127.0.0.1:5000/acme/app:0123abc",
        ], command.Arguments);
    }

    [Fact]
    public void A_push_to_a_tls_registry_keeps_verification_on()
    {
        var command = Engine.Push("app:1", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", "/a/config.json", "/a/digest", tlsVerify: true);

        Assert.DoesNotContain(command.Arguments, a => a.StartsWith("--tls-verify", StringComparison.Ordinal));
        Assert.Equal("docker://123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", command.Arguments[^1]);
    }

    [Fact]
    public void Pull_tag_inspect_and_version_render_as_buildah_expects()
    {
        Assert.Equal([.. Storage, "pull", "--authfile", "/a/config.json", "--tls-verify=false", "docker://127.0.0.1:5000/app@sha256:abc"],
            Engine.Pull("127.0.0.1:5000/app@sha256:abc", "/a/config.json", tlsVerify: false).Arguments);
        Assert.Equal([.. Storage, "tag", "app:1", "127.0.0.1:5000/app:1"], Engine.Tag("app:1", "127.0.0.1:5000/app:1").Arguments);
        Assert.Equal([.. Storage, "inspect", "--type", "image", "app:1"], Engine.Inspect("app:1").Arguments);
        Assert.Equal(["--version"], Engine.Version().Arguments);
    }

    [Fact]
    public void A_build_without_tags_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Engine.Build(new ImageBuildRequest("/src/app")));
    }
}

/// <summary>Build requests shared by the engine rendering tests.</summary>
internal static class EngineRequests
{
    public static ImageBuildRequest Full { get; } = new("/src/app")
    {
        Dockerfile = "/src/app/Dockerfile",
        Target = "runtime",
        Platform = "linux/amd64",
        BuildArgs = new Dictionary<string, string> { ["PYTHON_VERSION"] = "3.12", ["NODE_VERSION"] = "22" },
        Labels = new Dictionary<string, string> { ["com.example.team"] = "web" },
        Tags = ["localhost/app:build", "localhost/app:latest"],
        Revision = "0123456789abcdef0123456789abcdef01234567",
        Source = "https://github.com/acme/app",
    };
}
