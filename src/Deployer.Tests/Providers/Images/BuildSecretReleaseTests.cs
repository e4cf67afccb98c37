using System.Security.Cryptography;
using System.Text;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;
using Xunit.Abstractions;
using static Deployer.Tests.Secrets.SecretSamples;

namespace Deployer.Tests.Providers.Images;

/// <summary>
/// A release whose description interpolates a token into <c>buildArgs</c>, through ./build.sh with real buildah, moto and
/// registry: the Dockerfile reads the token through <c>RUN --mount=type=secret</c>, and no command line shows it.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class BuildSecretReleaseTests(MotoServer moto, ITestOutputHelper output)
{
    [Fact]
    public async Task A_token_in_build_args_reaches_the_build_as_a_build_secret_and_no_command_line()
    {
        await using var parts = await BackendWorkerRelease.StartAsync(moto, output);
        var world = parts.World;
        world.Surface.Environment["DEPLOYER_CONTAINER_ENGINE"] = "buildah";
        world.Surface.Environment["NPM_TOKEN"] = Awkward;
        var context = parts.Sandbox.BusyboxContext();
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Awkward)));
        File.AppendAllText(Path.Combine(context, "Dockerfile"), $"""

            ARG NODE_VERSION
            RUN test "$NODE_VERSION" = 22
            RUN --mount=type=secret,id=NPM_TOKEN test "$(sha256sum /run/secrets/NPM_TOKEN | cut -c1-64)" = "{digest}"

            """);
        world.Describe($$"""
            app: shop
            images:
              backend: { context: {{context}}, repository: {{parts.Repository}}, buildArgs: { NPM_TOKEN: "${NPM_TOKEN}", NODE_VERSION: "22" } }
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: backend, image: backend, desiredCount: 2 }]
            """);

        var run = world.Surface.Run("DeployStaging", "--skip", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha, "--verbosity", "verbose");

        Assert.True(run.ExitCode == 0, run.All);
        var build = run.All.Split('\n').Single(l => l.Contains("$ ", StringComparison.Ordinal) && l.Contains(" build ", StringComparison.Ordinal));
        Assert.Contains("--secret id=NPM_TOKEN,src=", build);
        Assert.Contains("--build-arg NODE_VERSION=22", build);
        Assert.DoesNotContain("--build-arg NPM_TOKEN", build);
        Assert.Contains("build arg NPM_TOKEN holds a secret: it is passed as a build secret (read it with RUN --mount=type=secret,id=NPM_TOKEN)", run.All);
        AssertNoneIn("the release's output", run.All);
    }
}
