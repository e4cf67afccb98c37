using Deployer.Providers.Images;
using Deployer.Secrets;

namespace Deployer.Tests.Providers.Images;

public sealed class ContainerCommandTests
{
    [Fact]
    public void The_display_form_quotes_words_the_shell_would_split_and_redacts_standard_input()
    {
        var command = new ContainerCommand("docker", ["login", "--username", "AWS", "--password-stdin", "my registry"])
        {
            StandardInput = new Secret("ecr-token-value"),
        }.WithEnvironment("DOCKER_CONFIG", "/run/deployer-auth dir");

        Assert.Equal("DOCKER_CONFIG='/run/deployer-auth dir' docker login --username AWS --password-stdin 'my registry' <<< [REDACTED]", command.Display);
        Assert.DoesNotContain("ecr-token-value", command.ToString());
    }

    [Fact]
    public void With_environment_returns_a_copy_and_leaves_the_original_unchanged()
    {
        var original = new ContainerCommand("docker", ["push", "app:1"]);

        var changed = original.WithEnvironment("DOCKER_CONFIG", "/a");

        Assert.Empty(original.Environment);
        Assert.Equal("/a", changed.Environment["DOCKER_CONFIG"]);
        Assert.Same(original.Arguments, changed.Arguments);
    }

    [Fact]
    public void A_failed_result_becomes_an_error_quoting_the_command_and_its_error_lines()
    {
        var result = new ContainerCommandResult(new ContainerCommand("buildah", ["push", "app:1", "docker://r/app:1"]), 125,
            "Getting image source signatures\n", "Copying blob sha256:1\nError: pushing image: unauthorized: authentication required\n", TimeSpan.Zero);

        var error = Assert.Throws<ContainerEngineException>(() => result.EnsureSuccess());

        Assert.StartsWith("`buildah push app:1 docker://r/app:1` failed with exit code 125:", error.Message);
        Assert.Contains("Error: pushing image: unauthorized: authentication required", error.Message);
        Assert.DoesNotContain("Copying blob", error.Message);
    }
}
