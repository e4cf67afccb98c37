using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Simulators.Vercel;
using Deployer.Tests.Aws;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Examples;

/// <summary>
/// Every part the SaaS example (examples/saas/deploy.yml) releases to, started for one test: ECR and Secrets Manager
/// (moto), ECS (the simulator, both clusters seeded with the services the team ran before), PostgreSQL with one database
/// per environment migrated by the example's own Alembic project, Vercel and the GitHub ledger (simulators), and the
/// public URLs the verify checks read. The app's checkout is a real git repository (a promotion runs the migrations of
/// the promoted commit): the example's description, with only what points at the outside world rewritten (region and
/// production account, as moto has one; the verify URLs), its backend migrations, and a frontend.
/// </summary>
public sealed class SaasReleaseWorld : IAsyncDisposable
{
    public const string Project = "saas-frontend";

    private readonly MotoServer _moto;
    private readonly string _root;

    private SaasReleaseWorld(MotoServer moto, EcsWorld ecs, GitHubTestbed github, VercelSimulator vercel, SiteServer site, string root)
    {
        (_moto, Ecs, GitHub, Vercel, Site, _root) = (moto, ecs, github, vercel, site, root);
    }

    public EcsWorld Ecs { get; }
    public GitHubTestbed GitHub { get; }
    public VercelSimulator Vercel { get; }
    public SiteServer Site { get; }
    public BuildSurface Surface => Ecs.Surface;
    public string Frontend => Path.Combine(_root, "frontend");

    /// <summary>The commit released: the checkout's only commit, whose image ECR holds.</summary>
    public string Sha { get; private set; } = "";
    public string Config => Path.Combine(_root, "deploy.yml");
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> SeededTaskDefinitions { get; } = new(StringComparer.Ordinal);

    /// <param name="edit">A change to the example's description (a test's variation of it).</param>
    /// <param name="setUpPython">
    /// Make the virtualenv <c>migrations.python</c> names with saas.yml's migration-setup; false for a test whose
    /// workflow sets it up itself.
    /// </param>
    public static async Task<SaasReleaseWorld> StartAsync(PostgresServer postgres, Func<string, string>? edit = null, bool setUpPython = true)
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        var ecs = await EcsWorld.StartAsync(cluster: "saas-staging");
        await ecs.Wire.CallAsync("CreateCluster", new { clusterName = "saas-production" });
        var github = await GitHubTestbed.StartAsync();
        var vercel = await VercelSimulator.StartAsync(VercelSimulatorOptions.Default with { Token = "vercel-saas-token" });
        var site = await SiteServer.StartAsync();
        var root = Directory.CreateTempSubdirectory("deployer-saas-").FullName;
        var world = new SaasReleaseWorld(moto, ecs, github, vercel, site, root);
        foreach (var cluster in new[] { "saas-staging", "saas-production" })
            foreach (var service in new[] { "backend", "worker" })
                world.SeededTaskDefinitions[$"{cluster}/{service}"] = await ecs.SeedServiceAsync(service, "saas/backend:before-deployer", 1, cluster);

        var surface = ecs.Surface.Environment;
        surface["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(); // ECR, Secrets Manager, STS; ECS stays on the simulator
        foreach (var (name, value) in github.Environment) surface[name] = value;
        ReleaseWorldParts.UseVercel(surface, vercel, "vercel-saas-token");

        ReleaseWorldParts.CopyDirectory(Repository.PathOf("examples/saas/backend"), Path.Combine(root, "backend"));
        world.WriteFrontend("<h1>SaaS</h1>");
        world.Describe(edit);
        SeedCheckout.IgnorePythonFiles(root);
        world.Sha = await GitWorkTree.CommitAllAsync(root, "the SaaS app");
        if (setUpPython) await SeedCheckout.SetUpAsync("saas.yml", "migration-setup", root);

        using var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
        foreach (var environment in new[] { "staging", "production" })
        {
            var database = await postgres.CreateDatabaseAsync();
            world.Databases[environment] = database;
            await ReleaseWorldParts.SecretAsync(aws, $"saas/{environment}/db/app_migrator", new JsonObject { ["url"] = postgres.Url(database).Reveal() });
            await ReleaseWorldParts.SecretAsync(aws, $"saas/{environment}/db/app_user", new JsonObject { ["url"] = postgres.Url(database).Reveal() });
            await ReleaseWorldParts.SecretAsync(aws, $"saas/{environment}/redis", new JsonObject { ["url"] = $"redis://{environment}.cache.internal:6379/0" });
            await ReleaseWorldParts.SecretAsync(aws, $"saas/{environment}/cognito", new JsonObject { ["clientSecret"] = $"cognito-{environment}-client-secret" });
        }
        await aws.Ecr.CreateRepositoryAsync("saas-backend", scanOnPush: true, immutableTags: true, CancellationToken.None);
        await PushImageAsync(aws, moto, world.Sha, new string('c', 64), new string('5', 64));

        foreach (var path in new[] { "/staging/api/v1/health", "/staging/", "/production/api/v1/health", "/production/" })
            site.Answer(path, _ => (200, "ok"));
        return world;
    }

    /// <summary>What CI pushed for a commit (ECR holds it, so nothing is built here), scanned clean.</summary>
    // moto's digest of a manifest follows its layers: a new commit's image has a layer of its own.
    private static async Task PushImageAsync(AwsClients aws, MotoServer moto, string sha, string config, string layer)
    {
        var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{{config}}","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{{layer}}","size":10}]}""";
        var digest = (await aws.Ecr.PutImageAsync("saas-backend", new EcrManifest(manifest, "application/vnd.oci.image.manifest.v1+json", ""), sha, CancellationToken.None)).Digest;
        await EcrScanFindingsTests.InjectAsync(moto, EcrScanFindingsTests.BasicScan("saas-backend", digest));
    }

    /// <summary>The team's next commit (a frontend change) and the image CI pushed for it; <see cref="Sha"/> becomes it.</summary>
    public async Task<string> CommitAsync(string page)
    {
        WriteFrontend(page);
        Sha = await GitWorkTree.CommitAllAsync(_root, page);
        using var aws = AwsClients.FromEnvironment(_moto.Environment(), MotoServer.Region, TimeProvider.System);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sha)));
        await PushImageAsync(aws, _moto, Sha, hash, hash);
        return Sha;
    }

    /// <summary>The app's checkout (what a workflow's actions/checkout would hold).</summary>
    public string Root => _root;

    /// <summary>The frontend as the team's checkout holds it (Vercel builds it; this test's Vercel only stores it).</summary>
    public void WriteFrontend(string page)
    {
        Directory.CreateDirectory(Path.Combine(Frontend, "app"));
        File.WriteAllText(Path.Combine(Frontend, "package.json"), """{"name":"saas-frontend","scripts":{"build":"next build"}}""");
        File.WriteAllText(Path.Combine(Frontend, "app", "page.tsx"), $"export default function Page() {{ return {page}; }}");
    }

    private void Describe(Func<string, string>? edit)
    {
        var yaml = File.ReadAllText(Repository.PathOf("examples/saas/deploy.yml"))
            .Replace("region: me-south-1", $"region: {MotoServer.Region}")
            .Replace("210987654321", MotoServer.AccountId)
            .Replace("https://api.staging.saas.example.com/api/v1/health", Site.Url("/staging/api/v1/health"))
            .Replace("https://staging.saas.example.com/", Site.Url("/staging/"))
            .Replace("https://api.saas.example.com/api/v1/health", Site.Url("/production/api/v1/health"))
            .Replace("https://app.saas.example.com/", Site.Url("/production/"));
        File.WriteAllText(Config, edit is null ? yaml : edit(yaml));
    }

    public SurfaceResult Run(params string[] args) =>
        Surface.Run([.. args, "--skip", "--config", Config, "--github-token", GitHubTestbed.Token]);

    public SurfaceResult DeployStaging() => Run("DeployStaging", "--git-sha", Sha);

    public JsonElement ResultStep(string id) => JsonDocument.Parse(File.ReadAllText(Surface.ResultFile)).RootElement
        .GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    public string Outcome => JsonDocument.Parse(File.ReadAllText(Surface.ResultFile)).RootElement.GetProperty("outcome").GetString()!;

    public async Task<string> LiveTaskDefinitionAsync(string cluster, string service) =>
        (await Ecs.ServiceAsync(service, cluster))["taskDefinition"]!.GetValue<string>();

    /// <summary>The release ledger's GitHub deployments as the API answers them (payload included), newest first.</summary>
    public Task<IReadOnlyList<JsonElement>> LedgerAsync() => ReleaseWorldParts.LedgerAsync(GitHub);

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await Vercel.DisposeAsync();
        await GitHub.DisposeAsync();
        await Ecs.DisposeAsync();
        await _moto.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
