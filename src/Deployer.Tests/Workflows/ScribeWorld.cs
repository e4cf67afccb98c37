using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Simulators.Vercel;
using Deployer.Tests.Examples;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Every part the Scribe example (examples/scribe, seed 000) releases to, for one test: the ECS simulator with both
/// clusters running the API and Qdrant as the team ran them before Deployer (Qdrant on its previous pin, so a release
/// replaces its task); moto for ECR, Secrets Manager (every secret the description references) and CloudWatch (the
/// production alarm); buildah with docker-registry in front of moto's ECR for the API image; the Vercel simulator (team
/// scribe) and the GitHub simulator (ledger, plan comments); the public URLs verify reads. The app's checkout is a git
/// repository holding the example's own backend crate, frontend and description. What differs from the example: region
/// and verify URLs point here; names in the shared moto get this world's id; the image builds the Dockerfile's
/// <c>prebuilt</c> stage (no Rust base image offline) from the binary cargo builds here, as the Dockerfile documents.
/// </summary>
public sealed class ScribeWorld : IAsyncDisposable
{
    public const string Project = "scribe-web";
    public const string VercelToken = "vercel-scribe-token";
    public static readonly string[] Services = ["api", "qdrant"];

    private readonly List<IAsyncDisposable> _parts = [];
    private readonly ImageSandbox _sandbox;

    private ScribeWorld(EcsWorld ecs, GitHubTestbed github, VercelSimulator vercel, SiteServer site, AwsClients aws, ImageSandbox sandbox)
    {
        (Ecs, GitHub, Vercel, Site, Aws, _sandbox) = (ecs, github, vercel, site, aws, sandbox);
        var id = Guid.NewGuid().ToString("N")[..8];
        Repository = $"scribe-api-{id}";
        SecretPrefix = $"scribe-{id}";
        Alarm = $"scribe-{id}-production-api-5xx";
    }

    public EcsWorld Ecs { get; }
    public GitHubTestbed GitHub { get; }
    public VercelSimulator Vercel { get; }
    public SiteServer Site { get; }
    public AwsClients Aws { get; }
    public EcrFront Front { get; private set; } = null!;

    /// <summary>The app's checkout: deploy.yml, backend/ and frontend/ at its root.</summary>
    public string Root => Ecs.Surface.Root;
    public string Sha { get; private set; } = "";
    public string Repository { get; }
    public string SecretPrefix { get; }
    public string Alarm { get; }

    /// <summary>Task definition ARNs the services ran before Deployer, by <c>cluster/service</c>.</summary>
    public Dictionary<string, string> SeededTaskDefinitions { get; } = new(StringComparer.Ordinal);

    public static async Task<ScribeWorld> StartAsync(MotoServer moto, ITestOutputHelper output)
    {
        var ecs = await EcsWorld.StartAsync(cluster: "scribe-staging");
        await ecs.Wire.CallAsync("CreateCluster", new { clusterName = "scribe-production" });
        var vercel = await VercelSimulator.StartAsync(VercelSimulatorOptions.Default with { Token = VercelToken, Teams = ["scribe"] });
        var world = new ScribeWorld(ecs, await GitHubTestbed.StartAsync(), vercel, await SiteServer.StartAsync(),
            AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System), new ImageSandbox("buildah", output));
        // Each seeded service waits for its steady state: the four are seeded at once.
        var seeded = await Task.WhenAll(
            from cluster in new[] { "scribe-staging", "scribe-production" }
            from service in Services
            select SeedAsync(ecs, cluster, service));
        foreach (var (key, taskDefinition) in seeded) world.SeededTaskDefinitions[key] = taskDefinition;

        var surface = ecs.Surface.Environment;
        foreach (var (name, value) in moto.Environment()) surface[name] = value; // ECR, Secrets Manager, STS, CloudWatch
        surface["AWS_ENDPOINT_URL_ECS"] = ecs.Simulator.Endpoint.ToString();
        surface["AWS_ACCOUNT_ID"] = MotoServer.AccountId;
        foreach (var (name, value) in world.GitHub.Environment) surface[name] = value;
        ReleaseWorldParts.UseVercel(surface, vercel, VercelToken);

        (world.Front, var parts) = await EcrBuild.StartAsync(world.Aws, moto.Endpoint, world._sandbox, surface);
        world._parts.AddRange(parts);

        foreach (var environment in new[] { "staging", "production" })
        {
            var secrets = new Dictionary<string, JsonObject>
            {
                ["database"] = new() { ["url"] = $"postgresql://scribe:{environment}-db-password@{environment}.db.internal:5432/scribe" },
                ["redis"] = new() { ["url"] = $"rediss://{environment}.cache.internal:6379/0" },
                ["stripe"] = new() { ["secretKey"] = $"sk_{environment}_scribe", ["webhookSecret"] = $"whsec_{environment}_scribe" },
                ["oauth"] = new() { ["clientSecret"] = $"oauth-{environment}-client-secret" },
            };
            foreach (var (name, value) in secrets) await ReleaseWorldParts.SecretAsync(world.Aws, $"{world.SecretPrefix}/{environment}/{name}", value);
            world.Site.Answer($"/{environment}/health", _ => (200, "ok"));
            world.Site.Answer($"/{environment}/", _ => (200, "<h1>Scribe</h1>"));
        }
        await ReleaseWorldParts.LoadBalancer5xxAlarmAsync(world.Aws, world.Alarm);
        await world.Aws.QueryClient(AwsService.CloudWatch).SendAsync("SetAlarmState", [new("AlarmName", world.Alarm), new("StateValue", "OK"), new("StateReason", "no 5xx")], CancellationToken.None);
        world._parts.Add(new CloudWatchAlarmFeed(world.Aws.CloudWatch, ecs.Simulator, [world.Alarm]));

        foreach (var part in new[] { "backend", "frontend" })
            ReleaseWorldParts.CopyDirectory(Deployer.Tests.Support.Repository.PathOf("examples", "scribe", part), Path.Combine(world.Root, part));
        world.Describe();
        await world.CommitAsync();
        return world;
    }

    /// <summary>The service as the team ran it: the API's image before Deployer, Qdrant on its previous pin.</summary>
    private static async Task<(string Key, string TaskDefinition)> SeedAsync(EcsWorld ecs, string cluster, string service) =>
        ($"{cluster}/{service}", await ecs.SeedServiceAsync(service, service == "api" ? "scribe/api:before-deployer" : "qdrant/qdrant:v1.12.3", 1, cluster));

    /// <summary>
    /// Commits the checkout and builds the API's release binary from it (the Dockerfile's <c>prebuilt</c> stage packages
    /// it); <see cref="Sha"/> becomes the commit.
    /// </summary>
    private async Task CommitAsync()
    {
        Sha = await GitWorkTree.CommitAllAsync(Root, "the Scribe app");
        var cargo = new ProcessStartInfo(RequiredTool.Program("cargo", "cargo"),
            ["build", "--release", "--locked", "--offline", "--quiet", "--target", "x86_64-unknown-linux-gnu"])
        {
            WorkingDirectory = Path.Combine(Root, "backend"),
            RedirectStandardError = true,
        };
        cargo.Environment["RUSTFLAGS"] = "-C target-feature=+crt-static";
        using var process = Process.Start(cargo)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "cargo build of the Scribe API failed:\n" + errors);
    }

    /// <summary>The team's next commit: the API's version is raised (a new binary, so a new image digest).</summary>
    public async Task NextVersionAsync(string version)
    {
        foreach (var file in new[] { "Cargo.toml", "Cargo.lock" })
        {
            var path = Path.Combine(Root, "backend", file);
            File.WriteAllText(path, File.ReadAllText(path).Replace("version = \"0.1.0\"", $"version = \"{version}\"", StringComparison.Ordinal));
        }
        await CommitAsync();
    }

    private void Describe()
    {
        var yaml = File.ReadAllText(Deployer.Tests.Support.Repository.PathOf("examples", "scribe", "deploy.yml"));
        foreach (var (from, to) in new (string, string)[]
                 {
                     ("region: eu-west-1", $"region: {MotoServer.Region}"),
                     ("    context: backend", $"    context: backend\n    target: prebuilt\n    repository: {Repository}"),
                     ("secretsManager: scribe/", $"secretsManager: {SecretPrefix}/"),
                     ("scribe-production-api-5xx", Alarm),
                     ("https://api.staging.scribe.example.com/health", Site.Url("/staging/health")),
                     ("https://staging.scribe.example.com/", Site.Url("/staging/")),
                     ("https://api.scribe.example.com/health", Site.Url("/production/health")),
                     ("https://scribe.example.com/", Site.Url("/production/")),
                 })
        {
            Assert.Contains(from, yaml); // the example still says what this world rewrites
            yaml = yaml.Replace(from, to, StringComparison.Ordinal);
        }
        Ecs.Describe(yaml);
    }

    public async Task<string> ImageAsync(string environment, string service) =>
        (await Ecs.LiveTaskDefinitionAsync(service, $"scribe-{environment}"))["containerDefinitions"]![0]!["image"]!.GetValue<string>();

    public async Task<string> TaskDefinitionArnAsync(string environment, string service) =>
        (await Ecs.ServiceAsync(service, $"scribe-{environment}"))["taskDefinition"]!.GetValue<string>();

    /// <summary>Every task the service ever ran (running and stopped), as DescribeTasks answers them.</summary>
    public async Task<IReadOnlyList<JsonObject>> TasksAsync(string environment, string service)
    {
        var cluster = $"scribe-{environment}";
        var arns = new List<string>();
        foreach (var status in new[] { "RUNNING", "STOPPED" })
            arns.AddRange((await Ecs.Wire.CallAsync("ListTasks", new { cluster, serviceName = service, desiredStatus = status }))["taskArns"]!
                .AsArray().Select(a => a!.GetValue<string>()));
        if (arns.Count == 0) return [];
        var tasks = await Ecs.Wire.CallAsync("DescribeTasks", new { cluster, tasks = arns });
        return [.. tasks["tasks"]!.AsArray().Select(t => t!.AsObject())];
    }

    /// <summary>Release ledger entries (GitHub deployments), newest first.</summary>
    public Task<IReadOnlyList<JsonElement>> LedgerAsync() => ReleaseWorldParts.LedgerAsync(GitHub);

    public static string Id(JsonElement release) => release.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var part in _parts) await part.DisposeAsync();
        _sandbox.Dispose();
        Aws.Dispose();
        await Site.DisposeAsync();
        await Vercel.DisposeAsync();
        await GitHub.DisposeAsync();
        await Ecs.DisposeAsync();
    }
}
