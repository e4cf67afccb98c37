using System.Text.Json;
using Deployer.Aws;
using Deployer.Providers.Images;
using Deployer.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>
/// The SaaS seed's release path end to end with real parts: buildah builds the image, ECR (moto) logs in and holds the
/// repository, a real registry guarded by the ECR token receives the push, and the ECS simulator runs backend and
/// worker from the one image with two commands.
/// </summary>
[Collection(MotoCollection.Name)]
public class EcsReleaseTests(MotoServer moto, ITestOutputHelper output)
{
    [Fact]
    public async Task I_can_release_backend_and_worker_from_one_image_and_a_rerun_changes_nothing()
    {
        await using var parts = await BackendWorkerRelease.StartAsync(moto, output);
        var (world, registry, repository) = (parts.World, parts.Registry, parts.Repository);
        world.Surface.Environment["DEPLOYER_CONTAINER_ENGINE"] = "buildah";
        string[] release = ["DeployStaging", "--skip", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha];

        var first = world.Surface.Run(release);

        Assert.True(first.ExitCode == 0, first.All);
        var digest = await registry.GetManifestDigestAsync(repository, EcsWorld.Sha);
        using (var result = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile)))
        {
            Assert.Equal("Succeeded", result.RootElement.GetProperty("outcome").GetString());
            var push = result.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "push-image:backend");
            Assert.Equal(digest, push.GetProperty("outputs").GetProperty("digest").GetString());
        }
        Assert.Equal(EcsWorld.Sha, (await registry.GetLabelsAsync(repository, EcsWorld.Sha))[ImageBuildRequest.RevisionLabel]);
        var pinned = parts.Pinned(digest);
        var backend = (await world.LiveTaskDefinitionAsync("backend"))["containerDefinitions"]![0]!;
        var worker = (await world.LiveTaskDefinitionAsync("worker"))["containerDefinitions"]![0]!;
        Assert.Equal(pinned, backend["image"]!.GetValue<string>());
        Assert.Equal(pinned, worker["image"]!.GetValue<string>());
        Assert.Null(backend["command"]);
        Assert.Equal("""["celery","-A","app.workers.celery_app","worker"]""", worker["command"]!.ToJsonString());
        Assert.Equal(2, world.Count("RegisterTaskDefinition") - 2);

        Assert.Equal(digest, await parts.TellEcrWhatWasPushedAsync());

        var second = world.Surface.Run(release);

        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("Unchanged: Nothing changed", second.All);
        Assert.Contains("is already in the registry; not rebuilt", second.All);
        Assert.Equal(2, world.Count("RegisterTaskDefinition") - 2);
        Assert.Equal(2, world.Count("UpdateService"));
    }
}
