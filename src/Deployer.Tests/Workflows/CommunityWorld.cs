using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Tests.Aws;
using Deployer.Tests.Examples;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Every part the Community pipeline (seed 002) releases to, for one test: the ECS simulator with the three clusters and
/// the web service each ran before Deployer; moto for ECR (the image and its scan), Secrets Manager (each environment's
/// database URL, which only the migration task reads), RDS (production's instance, snapshotted first) and CloudWatch (the
/// production alarm, fed to ECS as ECS reads it); the GitHub simulator (release ledger, plan comments); the public health
/// URLs verify reads. The app's checkout is a git repository whose commit the images are tagged with. With
/// <c>build</c>, buildah builds the image and pushes it through <see cref="EcrFront"/> (docker-registry + moto as one
/// ECR); without, ECR already holds the commit's image (what the pull request pushed), so nothing is rebuilt.
/// The description follows examples/community/deploy.yml; what differs: the test and lint commands run offline, the
/// verify URLs are local, production shares moto's one account, and the bake is long enough for a test to fire an alarm.
/// </summary>
public sealed class CommunityWorld : IAsyncDisposable
{
    public const string AccountId = MotoServer.AccountId;
    private readonly MotoServer _moto;
    private readonly List<IAsyncDisposable> _parts = [];
    private ImageSandbox? _sandbox;

    private CommunityWorld(MotoServer moto, EcsWorld ecs, GitHubTestbed github, SiteServer site, AwsClients aws)
    {
        (_moto, Ecs, GitHub, Site, Aws) = (moto, ecs, github, site, aws);
        var id = Guid.NewGuid().ToString("N")[..8];
        Repository = $"community-web-{id}";
        SecretPrefix = $"community-{id}";
        Alarm = $"community-{id}-alb-5xx";
    }

    public EcsWorld Ecs { get; }
    public GitHubTestbed GitHub { get; }
    public SiteServer Site { get; }
    public AwsClients Aws { get; }
    public EcrFront? Front { get; private set; }

    /// <summary>The app's checkout: deploy.yml at its root.</summary>
    public string Root => Ecs.Surface.Root;
    public string Sha { get; private set; } = "";
    public string Repository { get; }
    public string SecretPrefix { get; }
    public string Alarm { get; }
    public string Instance { get; private set; } = "";
    public Dictionary<string, string> SeededTaskDefinitions { get; } = new(StringComparer.Ordinal);

    public static readonly string[] Environments = ["dev", "staging", "production"];

    public static async Task<CommunityWorld> StartAsync(MotoServer moto, ITestOutputHelper output, bool build = false)
    {
        var ecs = await EcsWorld.StartAsync(cluster: "community-dev");
        var world = new CommunityWorld(moto, ecs, await GitHubTestbed.StartAsync(), await SiteServer.StartAsync(),
            AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System));
        foreach (var cluster in new[] { "community-staging", "community-production" })
            await ecs.Wire.CallAsync("CreateCluster", new { clusterName = cluster });
        foreach (var environment in Environments)
            world.SeededTaskDefinitions[environment] = await ecs.SeedServiceAsync("web", "example/web:1", 1, $"community-{environment}",
                customize: d => d["executionRoleArn"] = $"arn:aws:iam::{AccountId}:role/community-web-execution");

        var surface = ecs.Surface.Environment;
        foreach (var (name, value) in moto.Environment()) surface[name] = value; // ECR, Secrets Manager, RDS, CloudWatch
        surface["AWS_ENDPOINT_URL_ECS"] = ecs.Simulator.Endpoint.ToString();
        foreach (var (name, value) in world.GitHub.Environment) surface[name] = value;

        foreach (var environment in Environments)
        {
            await world.Aws.JsonClient(AwsService.SecretsManager).SendAsync("CreateSecret", new JsonObject
            {
                ["Name"] = $"{world.SecretPrefix}/{environment}/database",
                ["SecretString"] = new JsonObject { ["url"] = $"postgresql://community:{environment}-db-password@{environment}.db.internal:5432/community" }.ToJsonString(),
            }, CancellationToken.None);
            world.Site.Answer($"/{environment}/api/health", _ => (200, "ok"));
        }
        world.Instance = await RdsApiClientTests.InstanceAsync(world.Aws);
        await ReleaseWorldParts.LoadBalancer5xxAlarmAsync(world.Aws, world.Alarm);
        await world.SetAlarmAsync("OK", "Threshold Crossed: no datapoint above 10.0");
        world._parts.Add(new CloudWatchAlarmFeed(world.Aws.CloudWatch, ecs.Simulator, [world.Alarm]));

        string context;
        if (build)
        {
            world._sandbox = new ImageSandbox("buildah", output);
            (world.Front, var parts) = await EcrBuild.StartAsync(world.Aws, moto.Endpoint, world._sandbox, surface);
            world._parts.AddRange(parts);
            context = world._sandbox.BusyboxContext("community web");
        }
        else
        {
            context = "web";
            Directory.CreateDirectory(Path.Combine(world.Root, "web"));
            File.WriteAllText(Path.Combine(world.Root, "web", "Dockerfile"), "FROM scratch\n");
        }
        ecs.Describe(world.Description(context));
        world.Sha = await GitWorkTree.CommitAllAsync(world.Root, "the community app");
        if (!build) await world.PushedOnThePullRequestAsync();
        return world;
    }

    /// <summary>The commit's image as the pull request pushed it to ECR (moto), so a release finds it and builds nothing.</summary>
    private async Task PushedOnThePullRequestAsync()
    {
        await Aws.Ecr.CreateRepositoryAsync(Repository, scanOnPush: true, immutableTags: false, CancellationToken.None);
        // moto's digest of a manifest follows its layers: this repository's own layer makes it unique.
        var layer = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Repository)));
        var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{{new string('c', 64)}}","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{{layer}}","size":10}]}""";
        await Aws.Ecr.PutImageAsync(Repository, new EcrManifest(manifest, "application/vnd.oci.image.manifest.v1+json", ""), Sha, CancellationToken.None);
    }

    /// <summary>Sets the production alarm through CloudWatch's API, as CloudWatch would when the ALB counts 5xx answers.</summary>
    public Task SetAlarmAsync(string state, string reason) => Aws.QueryClient(AwsService.CloudWatch).SendAsync("SetAlarmState",
        [new("AlarmName", Alarm), new("StateValue", state), new("StateReason", reason)], CancellationToken.None);

    /// <summary>ECR's scan of the commit's image (matched by its tag), as the scanner would report it, set in moto.</summary>
    public Task ScanFindsAsync(params (string Id, string Severity, string Package)[] findings)
    {
        var result = EcrScanFindingsTests.BasicScan(Repository, "", findings);
        result["imageId"] = new JsonObject { ["imageTag"] = Sha };
        return EcrScanFindingsTests.InjectAsync(_moto, result);
    }

    private string Description(string context) => $$"""
        app: community
        test:
          - { name: lint, run: "grep -q 'app: community' deploy.yml" }
          - { name: unit tests, run: "test -s deploy.yml" }
        images:
          web: { context: {{context}}, repository: {{Repository}} }
        migrations:
          tool: command
          directory: .
          runOn: ecsTask
          image: web
          command: [npm, run, migrate]
          service: web
          connectionVariable: DATABASE_URL
        environments:
          dev:
            aws: { account: "{{AccountId}}", region: us-east-1 }
            database: { connection: { secretsManager: {{SecretPrefix}}/dev/database, key: url } }
            cluster: community-dev
            scan: { maxCritical: 0 }
            services:
              - name: web
                image: web
                desiredCount: 1
                environment: { NODE_ENV: production, APP_ENV: dev }
                secrets: { DATABASE_URL: { secretsManager: {{SecretPrefix}}/dev/database, key: url } }
            verify: [{ name: health, url: "{{Site.Url("/dev/api/health")}}" }]
          staging:
            approval: { required: true, reviewers: [community/qa] }
            aws: { account: "{{AccountId}}", region: us-east-1 }
            database: { connection: { secretsManager: {{SecretPrefix}}/staging/database, key: url } }
            cluster: community-staging
            services:
              - name: web
                image: web
                desiredCount: 2
                environment: { NODE_ENV: production, APP_ENV: staging }
                secrets: { DATABASE_URL: { secretsManager: {{SecretPrefix}}/staging/database, key: url } }
            verify: [{ name: health, url: "{{Site.Url("/staging/api/health")}}" }]
          production:
            promotesFrom: staging
            approval: { required: true, reviewers: [community/product-owners, community/ops] }
            aws: { account: "{{AccountId}}", region: us-east-1 }
            database:
              connection: { secretsManager: {{SecretPrefix}}/production/database, key: url }
              snapshot: { instance: {{Instance}} }
            cluster: community-production
            scan: { maxCritical: 0 }
            services:
              - name: web
                image: web
                desiredCount: 2
                environment: { NODE_ENV: production, APP_ENV: production }
                secrets: { DATABASE_URL: { secretsManager: {{SecretPrefix}}/production/database, key: url } }
                strategy: blueGreen
                bakeMinutes: 1500
                circuitBreaker: true
                alarms: [{{Alarm}}]
                timeoutMinutes: 45
            verify: [{ name: health, url: "{{Site.Url("/production/api/health")}}" }]
        """;

    /// <summary>The manual snapshots RDS (moto) holds of production's instance, by identifier.</summary>
    public async Task<IReadOnlyList<string>> SnapshotsAsync()
    {
        var answer = await Aws.QueryClient(AwsService.Rds).SendAsync("DescribeDBSnapshots",
            [new("DBInstanceIdentifier", Instance), new("SnapshotType", "manual")], CancellationToken.None);
        return [.. answer.Descendants().Where(e => e.Name.LocalName == "DBSnapshotIdentifier").Select(e => e.Value)];
    }

    public async Task<JsonObject> LiveTaskDefinitionAsync(string environment) => await Ecs.LiveTaskDefinitionAsync("web", $"community-{environment}");

    public async Task<string> ImageAsync(string environment) =>
        (await LiveTaskDefinitionAsync(environment))["containerDefinitions"]![0]!["image"]!.GetValue<string>();

    public async Task<string> TaskDefinitionArnAsync(string environment) =>
        (await Ecs.ServiceAsync("web", $"community-{environment}"))["taskDefinition"]!.GetValue<string>();

    /// <summary>The ledger's releases (GitHub deployments, payload included) of an environment, or all, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReleasesAsync(string? environment = null)
    {
        using var http = new HttpClient { BaseAddress = GitHub.Simulator.Endpoint };
        http.DefaultRequestHeaders.Authorization = new("Bearer", GitHubTestbed.Token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("deployer-tests");
        using var list = JsonDocument.Parse(await http.GetStringAsync("repos/acme/shop/deployments?per_page=100"));
        return [.. list.RootElement.EnumerateArray().Select(d => d.Clone())
            .Where(d => environment is null || d.GetProperty("environment").GetString() == environment)
            .OrderByDescending(d => d.GetProperty("id").GetInt64())];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in _parts) await part.DisposeAsync();
        _sandbox?.Dispose();
        Aws.Dispose();
        await Site.DisposeAsync();
        await GitHub.DisposeAsync();
        await Ecs.DisposeAsync();
    }
}
