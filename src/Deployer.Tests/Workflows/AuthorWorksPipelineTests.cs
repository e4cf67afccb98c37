using System.Text.Json;
using Deployer.Execution;
using Deployer.Providers.HomeServers;
using Deployer.Ssh;
using Deployer.Tests.Providers.Coolify;
using Deployer.Tests.Providers.HomeServers;
using Deployer.Tests.Providers.StaticSites;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Seed 004 AuthorWorks as its team runs it: a push to main runs authorworks.yml's jobs (the tests, then one whole
/// production release through <c>./build.sh DeployProduction</c>) against local parts standing in for the home server
/// (the test sshd with podman behind a real nginx), the UI's bucket and CloudFront (moto) and the Pi cluster's Coolify
/// (the simulator); a dispatch rolls production back. The service image is one already on the host, so no image is built or shipped here.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AuthorWorksPipelineTests(SshServer sshd, ITestOutputHelper output)
{
    private readonly string _service = "user" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The example's production, reduced to one service, one site and one Coolify application, pointed at the local parts.</summary>
    private string Description(ProxyUnderLoad proxy, string bucket, string distribution, CoolifyTestbed coolify, string version = "v2") => $$"""
        app: authorworks
        test:
          - name: ui tests
            run: grep -q {{version}} dist/index.html
        environments:
          production:
            aws: { account: "123456789012", region: us-east-1 }
            homeServers:
              - host: 127.0.0.1
                port: {{sshd.Port}}
                user: {{sshd.User}}
                privateKey: { env: HOME_SERVER_SSH_KEY }
                hostKey: {{sshd.HostKey}}
                engine: podman
                proxy: { kind: nginx, configPath: {{proxy.Spec.ConfigPath}}, nginxConfig: {{proxy.Spec.NginxConfig}} }
                services:
                  - name: {{_service}}
                    imageUri: {{WebImage.Reference}}
                    port: 8080
                    healthPath: /up
                    healthTimeoutSeconds: 60
                    drainSeconds: 1
                    command: {{JsonSerializer.Serialize(WebImage.Serve(version))}}
            staticSites:
              - name: ui
                directory: dist
                bucket: {{bucket}}
                distributionId: {{distribution}}
            coolify:
              - name: pi-cluster
                url: {{coolify.Simulator.Endpoint}}
                token: { env: AUTHORWORKS_COOLIFY_TOKEN }
                applications: [{{coolify.Application.Uuid}}]
                timeoutMinutes: 10
            verify:
              - name: user service
                url: {{proxy.Url}}up
        """;

    [Fact]
    public async Task Push_to_main_tests_then_switches_the_service_blue_green_behind_the_proxy_uploads_the_ui_and_deploys_the_pi_cluster()
    {
        RequiredTool.Program("podman", "podman");
        await WebImage.EnsureAsync(sshd);
        var moto = new MotoServer();
        await moto.InitializeAsync();
        try
        {
            using var site = await StaticSiteTestbed.StartAsync(moto);
            await using var coolify = await CoolifyTestbed.StartAsync();
            await using var proxy = await ProxyUnderLoad.StartAsync(ProxyKind.Nginx, _service);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
            var home = new HomeDeploy(sshd, connection, http, _service, proxy.Spec, null);
            try
            {
                // v1 already serves behind the proxy, as the last release left it.
                Assert.Equal(Outcome.Succeeded, (await home.RunAsync("v1")).Outcome);
                Assert.Equal("v1", await proxy.ServedAsync(http));
                Assert.Null(coolify.Application.Running);
                var bucket = await site.BucketAsync();
                site.Site("v2");
                File.WriteAllText(Path.Combine(site.Root, "deploy.yml"), Description(proxy, bucket, site.DistributionId, coolify));
                using var runner = new WorkflowRunner("authorworks.yml", site.Root) { Log = output.WriteLine };
                foreach (var (key, value) in moto.Environment()) runner.Environment[key] = value;
                runner.Secrets["HOME_SERVER_SSH_KEY"] = sshd.UserKey.Reveal();
                runner.Secrets["AUTHORWORKS_COOLIFY_TOKEN"] = coolify.Token;

                var jobs = await runner.RunAsync(WorkflowEvent.Push("main"));

                Assert.Equal(["production/test production deploy", "production/release production deploy"], jobs.Select(j => j.ToString()));
                Assert.All(jobs, j => Assert.True(j.Result == "success", string.Join('\n', j.Actions.Select(a => a.Log))));
                var release = jobs.Single(j => j.Job == "release");
                Assert.NotEqual("", release.Outputs["release-id"]);
                Assert.Contains("--yes", release.Actions.Single().Log);
                Assert.Equal("v2", await proxy.ServedAsync(http));
                Assert.Single(await home.ContainersAsync(all: false)); // the old colour stopped after its drain
                Assert.Contains("v2</html>", (await site.ObjectsAsync(bucket))["index.html"].Body);
                Assert.NotNull(coolify.Application.Running); // deployed by this release: nothing ran there before
                var keyLines = sshd.UserKey.Reveal().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..^1];
                Assert.All(jobs.SelectMany(j => j.Actions), a => Assert.All(keyLines, line => Assert.DoesNotContain(line, a.Everything)));
            }
            finally
            {
                await home.RemoveAllAsync();
            }
        }
        finally
        {
            await moto.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispatch_rolls_production_back_to_the_previous_release_s_container_pages_and_pi_cluster_commit()
    {
        RequiredTool.Program("podman", "podman");
        await WebImage.EnsureAsync(sshd);
        var moto = new MotoServer();
        await moto.InitializeAsync();
        try
        {
            using var site = await StaticSiteTestbed.StartAsync(moto);
            await using var coolify = await CoolifyTestbed.StartAsync();
            await using var github = await GitHubTestbed.StartAsync(); // a workflow's ledger: GitHub Deployments
            await using var proxy = await ProxyUnderLoad.StartAsync(ProxyKind.Nginx, _service);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
            var home = new HomeDeploy(sshd, connection, http, _service, proxy.Spec, null);
            try
            {
                var bucket = await site.BucketAsync();
                using var runner = new WorkflowRunner("authorworks.yml", site.Root) { GitHubToken = GitHubTestbed.Token, Log = output.WriteLine };
                foreach (var (key, value) in moto.Environment()) runner.Environment[key] = value;
                foreach (var (key, value) in github.Environment) runner.Environment[key] = value;
                runner.Secrets["HOME_SERVER_SSH_KEY"] = sshd.UserKey.Reveal();
                runner.Secrets["AUTHORWORKS_COOLIFY_TOKEN"] = coolify.Token;
                async Task<IReadOnlyList<WorkflowJob>> PushAsync(string version)
                {
                    site.Site(version);
                    runner.Environment["GITHUB_SHA"] = new string(version[1], 40); // each push is another commit of the app
                    File.WriteAllText(Path.Combine(site.Root, "deploy.yml"), Description(proxy, bucket, site.DistributionId, coolify, version));
                    var pushed = await runner.RunAsync(WorkflowEvent.Push("main"));
                    Assert.All(pushed, j => Assert.True(j.Result == "success", string.Join('\n', j.Actions.Select(a => a.Log))));
                    return pushed;
                }
                var first = await PushAsync("v1");
                var firstHead = CoolifyTestbed.Head;
                coolify.Application.Head = "7a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"; // the Pi cluster's repository moved on
                await PushAsync("v2");
                Assert.Equal("v2", await proxy.ServedAsync(http));

                var jobs = await runner.RunAsync(WorkflowEvent.Dispatch("rollback"));

                Assert.Equal(["rollback/release production rollback"], jobs.Select(j => j.ToString()));
                var rollback = jobs.Single();
                Assert.True(rollback.Result == "success", string.Join('\n', rollback.Actions.Select(a => a.Log)));
                Assert.NotEqual("", rollback.Outputs["release-id"]);
                Assert.NotEqual(first.Single(j => j.Job == "release").Outputs["release-id"], rollback.Outputs["release-id"]);
                Assert.Equal("v1", await proxy.ServedAsync(http));
                Assert.Contains("v1</html>", (await site.ObjectsAsync(bucket))["index.html"].Body);
                Assert.Contains(firstHead[..7], rollback.Actions.Single().Log);
            }
            finally
            {
                await home.RemoveAllAsync();
            }
        }
        finally
        {
            await moto.DisposeAsync();
        }
    }
}
