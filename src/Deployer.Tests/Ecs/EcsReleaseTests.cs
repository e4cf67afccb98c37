using System.Text.Json;
using Deployer.Aws;
using Deployer.Images;
using Deployer.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Tests.Ecs;

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
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("backend", "example/backend:old", 2);
        await world.SeedServiceAsync("worker", "example/backend:old", 1);
        using var sandbox = new ImageSandbox("buildah", output);
        using var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
        var token = await aws.Ecr.GetAuthorizationTokenAsync(CancellationToken.None);
        // The registry accepts exactly the credentials an ECR login hands out.
        await using var registry = await OciRegistry.StartAsync(token.Username, token.Password.Reveal());
        sandbox.ConfigureRelease(world.Surface.Environment, moto.Endpoint, registry.Host);
        world.Surface.Environment["DEPLOYER_CONTAINER_ENGINE"] = "buildah";
        var repository = $"shop-backend-{Guid.NewGuid():N}"[..24];
        world.Describe($$"""
            app: shop
            images:
              backend: { context: {{sandbox.BusyboxContext()}}, repository: {{repository}} }
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services:
                  - { name: backend, image: backend, desiredCount: 2 }
                  - { name: worker, image: backend, command: [celery, -A, app.workers.celery_app, worker], desiredCount: 1 }
            """);
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
        var pinned = $"123456789012.dkr.ecr.us-east-1.amazonaws.com/{repository}@{digest}";
        var backend = (await world.LiveTaskDefinitionAsync("backend"))["containerDefinitions"]![0]!;
        var worker = (await world.LiveTaskDefinitionAsync("worker"))["containerDefinitions"]![0]!;
        Assert.Equal(pinned, backend["image"]!.GetValue<string>());
        Assert.Equal(pinned, worker["image"]!.GetValue<string>());
        Assert.Null(backend["command"]);
        Assert.Equal("""["celery","-A","app.workers.celery_app","worker"]""", worker["command"]!.ToJsonString());
        Assert.Equal(2, world.Count("RegisterTaskDefinition") - 2);

        // In AWS the registry and the ECR API are one service; here moto is the API and docker-registry the storage,
        // so the test tells moto what was pushed, as ECR would know it.
        var manifest = await registry.GetManifestAsync(repository, EcsWorld.Sha);
        var put = await aws.Ecr.PutImageAsync(repository, new Deployer.Aws.Ecr.EcrManifest(manifest.Json, manifest.MediaType, manifest.Digest), EcsWorld.Sha, CancellationToken.None);
        Assert.Equal(digest, put.Digest);

        var second = world.Surface.Run(release);

        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("Unchanged: Nothing changed", second.All);
        Assert.Contains("is already in the registry; not rebuilt", second.All);
        Assert.Equal(2, world.Count("RegisterTaskDefinition") - 2);
        Assert.Equal(2, world.Count("UpdateService"));
    }
}
