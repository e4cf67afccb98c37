using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Simulators.Amplify;
using Deployer.Tests.Aws;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Examples;

/// <summary>
/// Every part the MDReader example (examples/mdreader/deploy.yml) releases to, started for one test: CloudFormation, S3,
/// Lambda, IAM, ECR, STS and Secrets Manager (moto, CloudFormation behind a <see cref="CloudFormationGateway"/> so the
/// Serverless transform is expanded by aws-sam-translator), ECS (the simulator, both clusters seeded with the Hocuspocus
/// service), Amplify (the simulator), PostgreSQL migrated by Alembic, the GitHub ledger, and the verify URLs. The checkout
/// is a real git repository holding the example's description, SAM template and API code; only what points at the outside
/// world is rewritten (the verify and site URLs, the frontend build command, and the Alembic project the example omits).
/// </summary>
public sealed class MdReaderReleaseWorld : IAsyncDisposable
{
    public const string AppId = "d1a2b3c4d5e6f7";
    public const string SamBucket = "mdreader-sam-artifacts-123456789012";

    private readonly MotoServer _moto;
    private readonly string _root;

    private MdReaderReleaseWorld(MotoServer moto, CloudFormationGateway gateway, EcsWorld ecs, AmplifySimulator amplify, GitHubTestbed github, SiteServer site, string root)
    {
        (_moto, Gateway, Ecs, Amplify, GitHub, Site, _root) = (moto, gateway, ecs, amplify, github, site, root);
        Aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
    }

    public CloudFormationGateway Gateway { get; }
    public EcsWorld Ecs { get; }
    public AmplifySimulator Amplify { get; }
    public GitHubTestbed GitHub { get; }
    public SiteServer Site { get; }
    public AwsClients Aws { get; }
    public BuildSurface Surface => Ecs.Surface;
    public string Sha { get; private set; } = "";
    public string Config => Path.Combine(_root, "deploy.yml");
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    /// <param name="setUpPython">
    /// Make the virtualenv <c>migrations.python</c> names with mdreader.yml's migration-setup; false for a test whose
    /// workflow sets it up itself.
    /// </param>
    public static async Task<MdReaderReleaseWorld> StartAsync(PostgresServer postgres, bool setUpPython = true)
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        var gateway = await CloudFormationGateway.StartAsync(moto.Endpoint);
        var ecs = await EcsWorld.StartAsync(cluster: "mdreader-staging");
        await ecs.Wire.CallAsync("CreateCluster", new { clusterName = "mdreader-production" });
        var amplify = await AmplifySimulator.StartAsync();
        amplify.AddApp(AppId, "mdreader", "staging", "main");
        var github = await GitHubTestbed.StartAsync();
        var site = await SiteServer.StartAsync();
        var root = Directory.CreateTempSubdirectory("deployer-mdreader-").FullName;
        var world = new MdReaderReleaseWorld(moto, gateway, ecs, amplify, github, site, root);
        foreach (var cluster in new[] { "mdreader-staging", "mdreader-production" })
            await ecs.SeedServiceAsync("mdreader-hocuspocus", "mdreader/hocuspocus:before-deployer", 1, cluster,
                customize: definition => definition["containerDefinitions"]![0]!["name"] = "hocuspocus");

        var surface = ecs.Surface.Environment;
        surface["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(); // S3, Lambda, IAM, ECR, STS, Secrets Manager
        surface["AWS_ENDPOINT_URL_CLOUDFORMATION"] = gateway.Endpoint.ToString();
        surface["AWS_ENDPOINT_URL_AMPLIFY"] = amplify.Endpoint.ToString();
        foreach (var (name, value) in github.Environment) surface[name] = value;

        ReleaseWorldParts.CopyDirectory(Repository.PathOf("examples/mdreader/infrastructure"), Path.Combine(root, "infrastructure"));
        ReleaseWorldParts.CopyDirectory(Repository.PathOf("examples/mdreader/backendv2"), Path.Combine(root, "backendv2"));
        // The example ships no migrations; the sample Alembic project stands in for the team's.
        ReleaseWorldParts.CopyDirectory(Repository.PathOf("src/Deployer.Tests/Providers/Migrations/AlembicSample"), Path.Combine(root, "backendv2"), skip: "failing");
        world.Describe();
        world.WriteFrontend();
        SeedCheckout.IgnorePythonFiles(root);
        world.Sha = await GitWorkTree.CommitAllAsync(root, "MDReader");
        if (setUpPython) await SeedCheckout.SetUpAsync("mdreader.yml", "migration-setup", root);

        foreach (var environment in new[] { "staging", "production" })
        {
            var database = await postgres.CreateDatabaseAsync();
            world.Databases[environment] = database;
            await world.Aws.JsonClient(AwsService.SecretsManager).SendAsync("CreateSecret", new JsonObject
            {
                ["Name"] = $"mdreader/{environment}/database", ["SecretString"] = new JsonObject { ["url"] = postgres.Url(database).Reveal() }.ToJsonString(),
            }, CancellationToken.None);
        }
        await world.Aws.S3.PutBucketAsync(SamBucket);
        await world.Aws.S3.PutBucketAsync("mdreader-deploy-artifacts");
        foreach (var environment in new[] { "staging", "production" })
            await world.ExistingStackAsync(environment);

        await world.Aws.Ecr.CreateRepositoryAsync("mdreader-hocuspocus", scanOnPush: true, immutableTags: true, CancellationToken.None);
        await world.PushImageAsync();

        foreach (var environment in new[] { "staging", "production" })
            site.Answer($"/{environment}/health", _ => (200, "ok"));
        return world;
    }

    /// <summary>What CI pushed for <see cref="Sha"/> (ECR holds it, so nothing is built here), scanned clean.</summary>
    // moto's digest of a manifest follows its layers: each commit's image has a layer of its own.
    private async Task PushImageAsync()
    {
        var layer = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sha)));
        var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{{new string('c', 64)}}","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{{layer}}","size":10}]}""";
        var digest = (await Aws.Ecr.PutImageAsync("mdreader-hocuspocus", new EcrManifest(manifest, "application/vnd.oci.image.manifest.v1+json", ""), Sha, CancellationToken.None)).Digest;
        await EcrScanFindingsTests.InjectAsync(_moto, EcrScanFindingsTests.BasicScan("mdreader-hocuspocus", digest));
    }

    /// <summary>
    /// The team's next commit, a change of the API's code (its function's zip changes, its tests still pass), and the Hocuspocus image CI
    /// pushed for it; <see cref="Sha"/> becomes it.
    /// </summary>
    public async Task<string> CommitApiChangeAsync(string body)
    {
        var main = Path.Combine(_root, "backendv2", "app", "main.py");
        File.AppendAllText(main, $"\n\nRELEASE_NOTE = \"{body}\"\n");
        Sha = await GitWorkTree.CommitAllAsync(_root, body);
        await PushImageAsync();
        return Sha;
    }

    public static string Stack(string environment) => $"mdreader-{environment}-backend";

    /// <summary>
    /// The API stack as an earlier release left it (moto gives outputs only to stacks made by CreateStack, not by change
    /// sets): the example's template expanded by aws-sam-translator, its code at a key of the artifact bucket.
    /// </summary>
    private async Task ExistingStackAsync(string environment)
    {
        using (var zip = new MemoryStream())
        {
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            using (var writer = new StreamWriter(archive.CreateEntry("main.py").Open()))
                await writer.WriteAsync("def handler(event, context):\n    return {'statusCode': 200}\n");
            await Aws.S3.PutObjectAsync(new PutObjectRequest { BucketName = SamBucket, Key = "earlier-release.zip", InputStream = new MemoryStream(zip.ToArray()) });
        }
        var template = File.ReadAllText(Path.Combine(_root, "infrastructure", "backend.yml"))
            .Replace("CodeUri: ../backendv2/app/", $"CodeUri: s3://{SamBucket}/earlier-release.zip");
        var expanded = await TranslateAsync(template);
        string[] parameters = ["Environment", environment, "DatabaseSecretName", $"mdreader/{environment}/database", "RedisURL", $"rediss://{environment}.cache.internal:6379"];
        var fields = new List<KeyValuePair<string, string>> { new("StackName", Stack(environment)), new("TemplateBody", expanded), new("Capabilities.member.1", "CAPABILITY_IAM") };
        for (var i = 0; i < parameters.Length / 2; i++)
        {
            fields.Add(new($"Parameters.member.{i + 1}.ParameterKey", parameters[2 * i]));
            fields.Add(new($"Parameters.member.{i + 1}.ParameterValue", parameters[2 * i + 1]));
        }
        await Aws.QueryClient(AwsService.CloudFormation).SendAsync("CreateStack", fields, CancellationToken.None);
    }

    private static async Task<string> TranslateAsync(string template)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Repository.PathOf("src", "Deployer.Tests", "Providers", "Sam", "sam_translate.py"));
        start.ArgumentList.Add(MotoServer.Region);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(template);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    private void Describe()
    {
        var build = """mkdir -p frontend/dist && echo "$VITE_API_URL" > frontend/dist/api-url.txt && echo "<html>MDReader</html>" > frontend/dist/index.html""";
        var yaml = File.ReadAllText(Repository.PathOf("examples/mdreader/deploy.yml"))
            .Replace("build: cd frontend && npm ci && npm run build", $"build: {build}")
            .Replace("https://api.staging.mdreader.app/health", Site.Url("/staging/health"))
            .Replace("https://api.mdreader.app/health", Site.Url("/production/health"))
            .Replace("https://staging.mdreader.app/", Amplify.SiteUrl(AppId, "staging").ToString())
            .Replace("https://mdreader.app/", Amplify.SiteUrl(AppId, "main").ToString());
        File.WriteAllText(Config, yaml);
    }

    /// <summary>The app's checkout (a git repository).</summary>
    public string Root => _root;

    /// <summary>
    /// The frontend the pipeline's test job tests (the example has only the API's code): a package whose tests pass
    /// with no dependency to fetch. The description's build command writes the site Amplify serves.
    /// </summary>
    private void WriteFrontend()
    {
        var frontend = Path.Combine(_root, "frontend");
        Directory.CreateDirectory(frontend);
        File.WriteAllText(Path.Combine(frontend, "package.json"), """{"name":"mdreader-frontend","version":"1.0.0","private":true,"scripts":{"test":"node -e 0"}}""");
        File.WriteAllText(Path.Combine(frontend, "package-lock.json"),
            """{"name":"mdreader-frontend","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"mdreader-frontend","version":"1.0.0"}}}""");
    }

    public SurfaceResult Run(params string[] args) =>
        Surface.Run([.. args, "--skip", "--config", Config, "--github-token", GitHubTestbed.Token, "--git-sha", Sha]);

    public JsonElement Result => JsonDocument.Parse(File.ReadAllText(Surface.ResultFile)).RootElement.Clone();

    public JsonElement ResultStep(string id) => Result.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    /// <summary>The release ledger's GitHub deployments as the API answers them (payload included), newest first.</summary>
    public Task<IReadOnlyList<JsonElement>> LedgerAsync() => ReleaseWorldParts.LedgerAsync(GitHub);

    public async ValueTask DisposeAsync()
    {
        Aws.Dispose();
        await Site.DisposeAsync();
        await GitHub.DisposeAsync();
        await Amplify.DisposeAsync();
        await Ecs.DisposeAsync();
        await Gateway.DisposeAsync();
        await _moto.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
