using System.Globalization;
using System.Text.Json;
using Deployer.Providers.HomeServers;
using Deployer.Providers.HomeServers.Images;
using Deployer.Ssh;
using Deployer.Tests.Providers.HomeServers;
using Deployer.Tests.Providers.StaticSites;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Deployer.Simulators.Coolify;
using Deployer.Simulators.Traefik;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Seed 004 AuthorWorks as its team runs it: .github/workflows/authorworks.yml and release.yml, job by job
/// (<see cref="WorkflowRunner"/>), on a copy of examples/authorworks (its Cargo workspace of four services, its UI, its
/// Dockerfile and its deploy.yml). Local parts stand in for the team's: the test sshd is the home server (its own podman
/// storage, so an image gets there only by the SSH stream), the runner builds with podman in a throw-away storage
/// (<see cref="ImageSandbox"/>), moto is S3 + CloudFront (and STS for the description's role), the Coolify simulator is
/// the Pi cluster, the GitHub simulator holds the plan comments and the release ledger, and the Traefik simulator
/// (<see cref="TraefikSimulator"/>) watches the dynamic file the home server's deploy writes and routes each service's
/// domain to the container it names. Real, not substituted: cargo
/// (the workspace's tests and its release build), node's test runner for the UI, the podman image builds, the SSH stream
/// of each image, the blue/green containers and their health checks, <c>./build.sh</c> as release.yml calls it.
/// <para>
/// What differs from the example, in <see cref="Description"/> only: addresses and keys of those local parts, podman as
/// the host's engine, no public name for the UI, and the two service checks over http:// (no TLS terminator here). The
/// runs get HTTP_PROXY pointing at a second Traefik simulator that stands in for the Cloudflare Tunnel in front
/// (loopback and moto excepted): its file, written by the test, sends the services' domains to the home server's
/// Traefik and Grafana's domain to the Pi cluster's Coolify, whose proxy answers there once the monitoring application's
/// deployment finished. So Deployer's verify steps reach users.api…, content.api… and grafana… over http:// without
/// DNS, as the example's checks reach them through the tunnel.
/// </para>
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AuthorWorksPipelineTests(SshServer sshd, ITestOutputHelper output)
{
    private const int PullRequest = 4;

    /// <summary>Service → (image, domain), as examples/authorworks/deploy.yml names them.</summary>
    private static readonly (string Service, string Image, string Domain)[] Services =
    [
        ("user-service", "user", "users.api.authorworks.example.com"),
        ("content-service", "content", "content.api.authorworks.example.com"),
        ("storage-service", "storage", "storage.api.authorworks.example.com"),
        ("editor-service", "editor", "editor.api.authorworks.example.com"),
    ];

    private static readonly Dictionary<string, string> AppSecrets = new()
    {
        ["AUTHORWORKS_DATABASE_URL"] = "postgres://authorworks:Db-Pa55-never-shown@db:5432/authorworks",
        ["AUTHORWORKS_JWT_SECRET"] = "jwt-Secret-never-shown-7f3a",
        ["AUTHORWORKS_MINIO_SECRET_KEY"] = "minio-Secret-never-shown-9c1d",
    };

    /// <summary>Everything one test runs against; disposed in reverse.</summary>
    private sealed class World(SshServer sshd, ITestOutputHelper output) : IAsyncDisposable
    {
        public MotoServer Moto { get; } = new();
        public StaticSiteTestbed Site { get; private set; } = null!;
        public Providers.Coolify.CoolifyTestbed Coolify { get; private set; } = null!;
        public SimulatedCoolifyApplication[] PiApplications { get; private set; } = [];
        public GitHubTestbed GitHub { get; private set; } = null!;
        public ImageSandbox Runner { get; } = new("podman", output);
        public SshConnection Host { get; private set; } = null!;
        public string Traefik { get; } = Path.Combine(Directory.CreateTempSubdirectory("deployer-traefik-").FullName, "dynamic", "authorworks.yml");
        public TraefikSimulator Proxy { get; private set; } = null!;
        /// <summary>The Cloudflare Tunnel in front: public domains to the home server's Traefik or to the Pi cluster's Coolify.</summary>
        public TraefikSimulator Edge { get; private set; } = null!;
        public string Bucket { get; private set; } = "";
        public string App => Site.Root;
        public Uri UiUrl => new(Moto.Endpoint, $"{Bucket}/index.html");

        public async Task StartAsync()
        {
            await Moto.InitializeAsync();
            Site = await StaticSiteTestbed.StartAsync(Moto);
            Bucket = await Site.BucketAsync();
            // The UI bucket is read by the public (CloudFront in front of it), so verify may read it without credentials.
            await Site.S3.PutBucketPolicyAsync(Bucket, $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{Bucket}}/*"}]}""");
            Coolify = await Providers.Coolify.CoolifyTestbed.StartAsync();
            PiApplications =
            [
                Coolify.Simulator.AddApplication("monitoring", Providers.Coolify.CoolifyTestbed.Head, fqdn: "https://grafana.authorworks.example.com"),
                Coolify.Simulator.AddApplication("logs", Providers.Coolify.CoolifyTestbed.Head, "authorworks/logs"),
                Coolify.Simulator.AddApplication("jobs", Providers.Coolify.CoolifyTestbed.Head, "authorworks/jobs"),
            ];
            GitHub = await GitHubTestbed.StartAsync();
            Host = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
            Directory.CreateDirectory(Path.GetDirectoryName(Traefik)!);
            Proxy = await TraefikSimulator.StartAsync(Traefik);
            var tunnel = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Traefik)!)!, "tunnel", "routes.yml");
            Directory.CreateDirectory(Path.GetDirectoryName(tunnel)!);
            var services = string.Join(" || ", Services.Select(s => $"Host(`{s.Domain}`)"));
            await File.WriteAllTextAsync(tunnel, $$"""
                http:
                  routers:
                    home: { rule: "{{services}}", service: home }
                    pi: { rule: "Host(`grafana.authorworks.example.com`)", service: pi }
                  services:
                    home: { loadBalancer: { servers: [ { url: "{{Proxy.Endpoint}}" } ] } }
                    pi: { loadBalancer: { servers: [ { url: "{{Coolify.Simulator.Endpoint}}" } ] } }
                """);
            Edge = await TraefikSimulator.StartAsync(tunnel);
            CopyExample(Repository.PathOf("examples", "authorworks"), App);
        }

        public WorkflowRunner Pipeline(ITestOutputHelper log)
        {
            var runner = new WorkflowRunner("authorworks.yml", App) { GitHubToken = GitHubTestbed.Token, Log = log.WriteLine };
            foreach (var (key, value) in Moto.Environment()) runner.Environment[key] = value;
            foreach (var (key, value) in GitHub.Environment) runner.Environment[key] = value;
            // The runner's engine: podman in its own storage, so the host's copy can only come through the stream.
            runner.Environment["DEPLOYER_CONTAINER_ENGINE"] = "podman";
            runner.Environment["DEPLOYER_CONTAINER_STORAGE_DRIVER"] = Runner.Options.StorageDriver!;
            runner.Environment["DEPLOYER_CONTAINER_ROOT"] = Runner.Options.Root!;
            runner.Environment["DEPLOYER_CONTAINER_RUNROOT"] = Runner.Options.RunRoot!;
            runner.Environment["DEPLOYER_CONTAINER_ISOLATION"] = Runner.Options.Isolation!;
            // The public domains resolve nowhere here: as an HTTP proxy, the tunnel's stand-in routes them by Host. The local
            // parts (moto, sshd, the simulators) stay direct.
            runner.Environment["HTTP_PROXY"] = Edge.Endpoint.ToString();
            runner.Environment["NO_PROXY"] = string.Join(',', new[] { "127.0.0.1", "localhost", Moto.Endpoint.Host }.Distinct());
            runner.Secrets["HOME_SERVER_SSH_KEY"] = sshd.UserKey.Reveal();
            runner.Secrets["AUTHORWORKS_COOLIFY_TOKEN"] = Coolify.Token;
            foreach (var (key, value) in AppSecrets) runner.Secrets[key] = value;
            return runner;
        }

        /// <summary>A commit of the app: its sha, which the image tags carry.</summary>
        public static void Commit(WorkflowRunner runner, char sha) => runner.Environment["GITHUB_SHA"] = new string(sha, 40);

        /// <summary>A new release version, written where the workspace, its lock file and the UI carry it.</summary>
        public void Bump(string from, string to)
        {
            foreach (var file in new[] { "Cargo.toml", "Cargo.lock", Path.Combine("ui", "src", "index.html") })
            {
                var path = Path.Combine(App, file);
                File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));
            }
        }

        /// <summary>The service's containers on the host, by name.</summary>
        public async Task<string[]> ContainersAsync(string service, bool all) =>
            (await Host.RequireAsync(new ContainerCommands(ContainerEngine.Podman).List(service, all), CancellationToken.None)).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public async ValueTask DisposeAsync()
        {
            if (Host is not null)
            {
                foreach (var (service, _, _) in Services)
                    if (await ContainersAsync(service, all: true) is { Length: > 0 } names)
                        await Host.RunAsync(new ContainerCommands(ContainerEngine.Podman).Remove(names), CancellationToken.None);
                Host.Dispose();
            }
            if (Edge is not null) await Edge.DisposeAsync();
            if (Proxy is not null) await Proxy.DisposeAsync();
            if (GitHub is not null) await GitHub.DisposeAsync();
            if (Coolify is not null) await Coolify.DisposeAsync();
            Site?.Dispose();
            await Moto.DisposeAsync();
            Runner.Dispose();
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(Traefik)!)!, recursive: true);
        }
    }

    private async Task<World> StartAsync()
    {
        RequiredTool.Program("podman", "podman");
        RequiredTool.Program("cargo", "cargo (rustup or Debian's cargo)");
        RequiredTool.Program("npm", "npm");
        var world = new World(sshd, output);
        try
        {
            await world.StartAsync();
            File.WriteAllText(Path.Combine(world.App, "deploy.yml"), Description(world));
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>The example's app as a fresh checkout: its sources, none of a local build's output.</summary>
    private static void CopyExample(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar) is ["target", ..] or ["ui", "dist" or "node_modules", ..]) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    /// <summary>examples/authorworks/deploy.yml pointed at the local parts (each replaced text must still be in the example).</summary>
    private string Description(World world)
    {
        var yaml = File.ReadAllText(Path.Combine(world.App, "deploy.yml"));
        (string From, string To)[] edits =
        [
            ("host: ssh.authorworks.example.com", "host: 127.0.0.1"),
            ("port: 2222", $"port: {sshd.Port}"),
            ("user: deploy", $"user: {sshd.User}"),
            ("hostKey: SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY", $"hostKey: {sshd.HostKey}"),
            ("engine: docker", "engine: podman"),
            ("configPath: /srv/traefik/dynamic/authorworks.yml", $"configPath: {world.Traefik}"),
            ("bucket: authorworks-ui-production", $"bucket: {world.Bucket}"),
            ("distributionId: E2ABCDEF123456", $"distributionId: {world.Site.DistributionId}"),
            ("https://authorworks.example.com/", world.UiUrl.ToString()),
            ("url: https://coolify.pi.authorworks.example.com", $"url: {world.Coolify.Simulator.Endpoint}"),
            ("o000okc80okco8s0sgcwwcwo", world.PiApplications[0].Uuid),
            ("ro04ok80o8oc4kkcco8kow8s", world.PiApplications[1].Uuid),
            ("bsswgo8ggwgkw8c88wo8wcw8", world.PiApplications[2].Uuid),
            ("publicUrl: https://grafana.authorworks.example.com/api/health", "publicUrl: http://grafana.authorworks.example.com/api/health"),
            // http://, not https://: no TLS terminator here (Cloudflare and Traefik's certificates are the team's).
            ("url: https://users.api.authorworks.example.com/health", $"url: {ServiceCheck("users")}"),
            ("url: https://content.api.authorworks.example.com/health", $"url: {ServiceCheck("content")}"),
        ];
        foreach (var (from, to) in edits)
        {
            Assert.True(yaml.Contains(from, StringComparison.Ordinal), $"examples/authorworks/deploy.yml no longer contains '{from.Trim()}'");
            yaml = yaml.Replace(from, to, StringComparison.Ordinal);
        }
        return yaml;
    }

    /// <summary>The example's health check of a service, over http:// through the Traefik simulator.</summary>
    private static string ServiceCheck(string name) => $"http://{name}.api.authorworks.example.com/health";

    /// <summary>The URLs the release's verify step checked (its Verified output, in the description's order).</summary>
    private static string[] VerifiedUrls(WorkflowJob release)
    {
        using var result = JsonDocument.Parse(File.ReadAllText(release.Actions.Single().Outputs["result-file"]));
        var verify = result.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "verify");
        return verify.GetProperty("outputs").GetProperty("urls").GetString()!.Split(' ');
    }

    /// <summary>The routers through which the Traefik simulator answered GET /health on a service's domain with 200.</summary>
    private static string[] HealthyThroughTraefik(World world) =>
        [.. world.Proxy.Requests.Where(r => r.Target == "GET /health" && r.Status == 200 && r.Host is "users.api.authorworks.example.com" or "content.api.authorworks.example.com")
            .Select(r => r.Router!).Distinct().Order()];

    private static void Succeeded(IReadOnlyList<WorkflowJob> jobs)
    {
        foreach (var job in jobs)
            Assert.True(job.Result == "success", $"{job}: {job.Result}\n" + string.Join('\n', job.Actions.Select(a => a.Log)));
    }

    private static IReadOnlyDictionary<string, string?> Steps(WorkflowJob release)
    {
        using var result = JsonDocument.Parse(File.ReadAllText(release.Actions.Single().Outputs["result-file"]));
        return result.RootElement.GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("outcome").GetString());
    }

    /// <summary>What each service's domain reaches through the Traefik file on the host, served by the Traefik simulator: its health answer ("user-service 1.0.0").</summary>
    private static async Task<Dictionary<string, string>> RoutedAsync(World world)
    {
        Assert.Empty(TraefikConfig.Validate(await File.ReadAllTextAsync(world.Traefik)));
        Assert.Empty(world.Proxy.Provider.Errors);
        using var http = new HttpClient(new SocketsHttpHandler { Proxy = new System.Net.WebProxy(world.Proxy.Endpoint), UseProxy = true }) { Timeout = TimeSpan.FromSeconds(30) };
        var served = new Dictionary<string, string>();
        foreach (var (service, _, domain) in Services)
            served[service] = (await http.GetStringAsync($"http://{domain}/health")).Trim();
        return served;
    }

    private static Dictionary<string, string> Expected(string version) => Services.ToDictionary(s => s.Service, s => $"{s.Service} {version}");

    private static string Everything(IEnumerable<WorkflowJob> jobs) => string.Join('\n', jobs.SelectMany(j => j.Actions).Select(a => a.Everything));

    private void NoSecretIn(string text)
    {
        foreach (var secret in AppSecrets.Values.Append(GitHubTestbed.Token))
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        foreach (var line in sshd.UserKey.Reveal().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            Assert.DoesNotContain(line, text, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<JsonElement>> LedgerAsync(World world)
    {
        using var http = new HttpClient { BaseAddress = world.GitHub.Simulator.Endpoint };
        http.DefaultRequestHeaders.Authorization = new("Bearer", GitHubTestbed.Token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("deployer-tests");
        using var list = JsonDocument.Parse(await http.GetStringAsync("repos/acme/shop/deployments?per_page=100"));
        return [.. list.RootElement.EnumerateArray().Select(d => d.Clone()).OrderBy(d => d.GetProperty("id").GetInt64())];
    }

    [Fact]
    public async Task A_pull_request_runs_the_cargo_and_UI_tests_builds_every_service_image_and_comments_the_production_plan()
    {
        await using var world = await StartAsync();
        world.GitHub.Simulator.OpenPullRequest(GitHubTestbed.Repository, PullRequest);
        using var pipeline = world.Pipeline(output);
        World.Commit(pipeline, 'a');

        var jobs = await pipeline.RunAsync(WorkflowEvent.PullRequest with { Ref = $"refs/pull/{PullRequest}/merge" });

        Assert.Equal(["pull-request/test production plan", "pull-request/plan production plan"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        var tests = string.Join('\n', jobs[0].Actions.Select(a => a.Log));
        Assert.Contains("test result: ok. 3 passed", tests); // cargo test of the workspace's HTTP core
        Assert.Contains("# pass 2", tests);                  // node --test of the UI
        foreach (var (service, image, _) in Services)
        {
            Assert.True(File.Exists(Path.Combine(world.App, "target", "release", service)), $"build-setup built no {service} binary");
            Assert.StartsWith("sha256:", HostImageIds.Normalise((await world.Runner.Publisher.InspectAsync($"local/authorworks-{image}:{new string('a', 40)}", CancellationToken.None)).Id));
        }
        var comment = Assert.Single(await world.GitHub.Octokit().Issue.Comment.GetAllForIssue("acme", "shop", PullRequest));
        foreach (var step in Services.Select(s => $"ship-image:{s.Image}@127.0.0.1").Append("deploy-static-site:ui").Append("verify"))
            Assert.Contains(step, comment.Body);
        // A pull request changes nothing: no container, no Traefik file, no page, no Pi deployment, no release.
        foreach (var (service, _, _) in Services) Assert.Empty(await world.ContainersAsync(service, all: true));
        Assert.False(File.Exists(world.Traefik));
        Assert.Empty(await world.Site.ObjectsAsync(world.Bucket));
        Assert.All(world.PiApplications, a => Assert.Null(a.Running));
        Assert.Empty(await LedgerAsync(world));
        NoSecretIn(Everything(jobs) + comment.Body);
    }

    [Fact]
    public async Task A_push_to_main_builds_the_images_streams_them_over_SSH_switches_blue_green_behind_Traefik_uploads_the_UI_deploys_the_Pi_cluster_and_verifies()
    {
        await using var world = await StartAsync();
        using var pipeline = world.Pipeline(output);
        World.Commit(pipeline, 'b');

        var jobs = await pipeline.RunAsync(WorkflowEvent.Push("main"));

        Assert.Equal(["production/test production deploy", "production/release production deploy"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        var release = jobs[1];
        Assert.Contains("--yes", release.Actions.Single().Log); // inside the production environment its reviewers approved
        var steps = Steps(release);
        foreach (var (service, image, _) in Services)
        {
            Assert.Equal("Succeeded", steps[$"build-image:{image}"]);
            Assert.Equal("Succeeded", steps[$"ship-image:{image}@127.0.0.1"]);
        }
        Assert.Equal("Succeeded", steps["deploy-static-site:ui"]);
        Assert.Equal("Succeeded", steps["verify"]);
        // Verify checked the UI on moto and both services through the simulated Traefik, each answering 200 there.
        Assert.Equal([world.UiUrl.ToString(), ServiceCheck("users"), ServiceCheck("content")], VerifiedUrls(release));
        Assert.Equal(["content-service", "user-service"], HealthyThroughTraefik(world)); // before the test's own requests below
        Assert.Contains(steps, s => s.Key.StartsWith("deploy-home-server:", StringComparison.Ordinal) && s.Value == "Succeeded");
        Assert.Contains(steps, s => s.Key.StartsWith("deploy-coolify:", StringComparison.Ordinal) && s.Value == "Succeeded");
        // The Pi cluster's public URL: Grafana answered through the tunnel once Coolify's monitoring deployment finished.
        Assert.Equal("Succeeded", steps["verify-coolify:pi-cluster"]);
        Assert.Contains("grafana.authorworks.example.com GET /api/health 200", world.Coolify.Simulator.Served);
        Assert.Contains(world.Edge.Requests, r => r is { Host: "grafana.authorworks.example.com", Router: "pi", Status: 200 });

        // Built on the runner, streamed to the host: the host's podman holds the very image id the runner built.
        foreach (var (service, image, _) in Services)
        {
            var built = (await world.Runner.Publisher.InspectAsync($"local/authorworks-{image}:{new string('b', 40)}", CancellationToken.None)).Id;
            var onHost = (await world.Host.RequireAsync(new HostImageCommands(ContainerEngine.Podman).ImageId($"local/authorworks-{image}:{new string('b', 40)}"), CancellationToken.None)).Output;
            Assert.Equal(HostImageIds.Normalise(built), HostImageIds.Normalise(onHost));
            Assert.Single(await world.ContainersAsync(service, all: false));
        }
        Assert.Equal(Expected("1.0.0"), await RoutedAsync(world));
        var objects = await world.Site.ObjectsAsync(world.Bucket);
        Assert.Contains("data-release=\"1.0.0\"", objects["index.html"].Body);
        Assert.Contains("assets/app.js", objects.Keys);
        // The Pi cluster went through the Coolify simulator's API: one deployment queued per application, each built
        // from its branch's head and now running.
        Assert.Equal(world.PiApplications.Select(a => a.Uuid).Order(), world.Coolify.Simulator.Deployments.Select(d => d.Application.Uuid).Order());
        Assert.All(world.Coolify.Simulator.Deployments, d => Assert.False(d.Rollback));
        Assert.All(world.PiApplications, a => Assert.Equal(Providers.Coolify.CoolifyTestbed.Head, a.Running));
        var recorded = Assert.Single(await LedgerAsync(world));
        Assert.Equal(("production", release.Outputs["release-id"]),
            (recorded.GetProperty("environment").GetString(), recorded.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)));
        NoSecretIn(Everything(jobs));
    }

    [Fact]
    public async Task Dispatch_rolls_production_back_to_the_last_verified_release_s_retained_containers_pages_and_pi_cluster_commit_without_a_rebuild()
    {
        await using var world = await StartAsync();
        using var pipeline = world.Pipeline(output);
        World.Commit(pipeline, '1');
        var first = await pipeline.RunAsync(WorkflowEvent.Push("main"));
        Succeeded(first);
        var firstContainers = new Dictionary<string, string>();
        foreach (var (service, _, _) in Services) firstContainers[service] = Assert.Single(await world.ContainersAsync(service, all: false));
        world.PiApplications[0].Head = "7a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"; // the Pi cluster's repository moved on
        world.Bump("1.0.0", "1.1.0");
        World.Commit(pipeline, '2');
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Push("main")));
        Assert.Equal(Expected("1.1.0"), await RoutedAsync(world));
        Assert.Equal(world.PiApplications[0].Head, world.PiApplications[0].Running);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Dispatch("rollback"));

        Assert.Equal(["rollback/release production rollback"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        var rollback = jobs.Single();
        // Nothing built, shipped or pulled: the rollback starts the containers the host retained.
        Assert.DoesNotContain(Steps(rollback).Keys, s => s.StartsWith("build-image:", StringComparison.Ordinal) || s.StartsWith("ship-image:", StringComparison.Ordinal));
        Assert.Equal(Expected("1.0.0"), await RoutedAsync(world));
        var text = TraefikConfig.Parse(await File.ReadAllTextAsync(world.Traefik));
        foreach (var (service, _, _) in Services)
            Assert.Equal(firstContainers[service], text[service].Container); // the retained container, started again
        Assert.Contains("data-release=\"1.0.0\"", (await world.Site.ObjectsAsync(world.Bucket))["index.html"].Body);
        Assert.Contains(Providers.Coolify.CoolifyTestbed.Head[..7], rollback.Actions.Single().Log);
        // Coolify rolled each Pi application back to the image of the first release's commit (the first moved on since).
        Assert.Equal(world.PiApplications.Select(a => a.Uuid).Order(),
            world.Coolify.Simulator.Deployments.Where(d => d.Rollback).Select(d => d.Application.Uuid).Order());
        Assert.All(world.PiApplications, a => Assert.Equal(Providers.Coolify.CoolifyTestbed.Head, a.Running));
        var ledger = await LedgerAsync(world);
        Assert.Equal(3, ledger.Count);
        Assert.Equal(rollback.Outputs["release-id"], ledger[^1].GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.NotEqual(first[1].Outputs["release-id"], rollback.Outputs["release-id"]);
        NoSecretIn(Everything(jobs));
    }
}
