using Deployer.Aws;
using Deployer.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>
/// The SaaS seed's ECS release with real local parts: backend and worker running from one image in the ECS simulator,
/// buildah building it, moto as ECR's API, and a registry that accepts exactly the credentials an ECR login hands out.
/// </summary>
public sealed class BackendWorkerRelease : IAsyncDisposable
{
    private BackendWorkerRelease(EcsWorld world, ImageSandbox sandbox, AwsClients aws, OciRegistry registry, string repository) =>
        (World, Sandbox, Aws, Registry, Repository) = (world, sandbox, aws, registry, repository);

    public EcsWorld World { get; }
    public ImageSandbox Sandbox { get; }
    public AwsClients Aws { get; }
    public OciRegistry Registry { get; }
    public string Repository { get; }

    /// <summary><c>repository@digest</c> as ECS runs it.</summary>
    public string Pinned(string digest) => $"123456789012.dkr.ecr.us-east-1.amazonaws.com/{Repository}@{digest}";

    public static async Task<BackendWorkerRelease> StartAsync(MotoServer moto, ITestOutputHelper output)
    {
        var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("backend", "example/backend:old", 2);
        await world.SeedServiceAsync("worker", "example/backend:old", 1);
        var sandbox = new ImageSandbox("buildah", output);
        var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
        var token = await aws.Ecr.GetAuthorizationTokenAsync(CancellationToken.None);
        var registry = await OciRegistry.StartAsync(token.Username, token.Password.Reveal());
        sandbox.ConfigureRelease(world.Surface.Environment, moto.Endpoint, registry.Host);
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
        return new BackendWorkerRelease(world, sandbox, aws, registry, repository);
    }

    /// <summary>
    /// In AWS the registry and the ECR API are one service; here moto is the API and docker-registry the storage, so
    /// this tells moto what was pushed for the commit, as ECR would know it. Returns the digest moto recorded.
    /// </summary>
    public async Task<string> TellEcrWhatWasPushedAsync()
    {
        var manifest = await Registry.GetManifestAsync(Repository, EcsWorld.Sha);
        var put = await Aws.Ecr.PutImageAsync(Repository, new Deployer.Aws.Ecr.EcrManifest(manifest.Json, manifest.MediaType, manifest.Digest),
            EcsWorld.Sha, CancellationToken.None);
        return put.Digest;
    }

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        Aws.Dispose();
        Sandbox.Dispose();
        await World.DisposeAsync();
    }
}
