using Deployer.Providers.Images;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Images;

public sealed class ContainerEngineDetectorTests
{
    [Theory]
    [InlineData("docker,podman,buildah", "docker")]
    [InlineData("podman,buildah", "podman")]
    [InlineData("buildah", "buildah")]
    [InlineData("buildah,podman", "podman")]
    public async Task Detection_prefers_docker_then_podman_then_buildah(string installed, string expected)
    {
        var engine = await ContainerEngineDetector.DetectAsync(ContainerEngineOptions.Default, Installed(installed.Split(',')), CancellationToken.None);

        Assert.Equal(expected, engine.Name);
    }

    [Fact]
    public async Task A_named_engine_is_used_even_when_another_comes_first_and_gets_the_options()
    {
        var options = ContainerEngineOptions.Sandboxed("/sandbox", engine: " Buildah ");

        var engine = await ContainerEngineDetector.DetectAsync(options, Installed("docker", "buildah"), CancellationToken.None);

        Assert.IsType<BuildahEngine>(engine);
        Assert.Equal(["--storage-driver", "vfs"], engine.Tag("a", "b").Arguments.Take(2));
    }

    [Fact]
    public async Task A_missing_named_engine_says_what_was_looked_for_and_which_package_to_install()
    {
        var error = await Assert.ThrowsAsync<ContainerEngineException>(() =>
            ContainerEngineDetector.DetectAsync(new ContainerEngineOptions { Engine = "podman" }, Installed("docker"), CancellationToken.None));

        Assert.Equal("Container engine 'podman' was chosen but `podman --version` failed: it is not installed or not on PATH. " +
            "Install it (Debian package podman) or choose another engine.", error.Message);
    }

    [Fact]
    public async Task No_engine_at_all_names_every_engine_looked_for()
    {
        var error = await Assert.ThrowsAsync<ContainerEngineException>(() =>
            ContainerEngineDetector.DetectAsync(ContainerEngineOptions.Default, Installed(), CancellationToken.None));

        Assert.Contains("looked for docker, podman and buildah", error.Message);
    }

    [Fact]
    public void An_unknown_engine_name_is_a_clear_error()
    {
        var error = Assert.Throws<ContainerEngineException>(() => ContainerEngineDetector.Create("nerdctl", ContainerEngineOptions.Default));

        Assert.Equal("Unknown container engine 'nerdctl': use docker, podman or buildah, or leave it empty to use the first one installed.", error.Message);
    }

    [Fact]
    public async Task A_program_that_is_not_on_path_counts_as_not_installed()
    {
        var runner = new ContainerCommandRunner(_ => { });
        var missing = new ContainerCommand("deployer-no-such-engine", ["--version"]);

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => runner.RunAsync(missing, CancellationToken.None));

        Assert.Equal("Could not start `deployer-no-such-engine`: it is not installed or not on PATH.", error.Message);
    }

    /// <summary>A runner on which only the named programs answer <c>--version</c>; others fail to start.</summary>
    private static RecordingContainerRunner Installed(params string[] programs) => new()
    {
        Respond = command => programs.Contains(command.Program)
            ? (0, command.Program + " version 1", "")
            : throw new ContainerEngineException($"Could not start `{command.Program}`"),
    };
}
