using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using static Deployer.Tests.Secrets.SecretSamples;

namespace Deployer.Tests.Secrets;

/// <summary>
/// The secret suite: secret values that encoders change (<c>+ &amp; &lt; &gt; ' "</c>, <c>%</c>, newlines, a PEM private
/// key) go through real runs — the Test target, dry runs, a release to the ECS simulator recorded in the local ledger and
/// one recorded in GitHub Deployments (the GitHub simulator) — and no channel shows any form of any of them: console,
/// result file, <c>--output json</c>, job summary, $GITHUB_OUTPUT, the local ledger, the GitHub ledger's requests and the
/// test commands' output.
/// </summary>
public sealed class SecretChannelTests
{
    [Fact]
    public async Task No_form_of_a_secret_reaches_any_channel_of_tests_plans_releases_or_ledgers()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1);
        await using var site = await SiteServer.StartAsync();
        site.Answer("/health", _ => (200, "ok"));
        await using var github = await GitHubTestbed.StartAsync();
        var surface = world.Surface;
        foreach (var (name, value) in Values) surface.Environment[name] = value;
        surface.Environment["GITHUB_ACTIONS"] = "true";
        surface.Environment["GITHUB_OUTPUT"] = Path.Combine(surface.Root, "github_output");
        surface.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(surface.Root, "step_summary.md");
        // What a careless test suite prints: the key whole, line by line to both streams, and in base64.
        Directory.CreateDirectory(Path.Combine(surface.Root, "fixtures"));
        foreach (var (name, value) in Values) File.WriteAllText(Path.Combine(surface.Root, "fixtures", name), value);
        world.Describe($$"""
            app: shop
            test:
              - name: leaky-tests
                workingDirectory: fixtures
                run: cat SIGNING_PRIVATE_KEY; cat PAYMENTS_SECRET >&2; echo; cat SHOP_API_TOKEN; echo; base64 -w0 SIGNING_PRIVATE_KEY; echo; sed 's/^/  /' SIGNING_PRIVATE_KEY >&2
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services:
                  - name: api
                    imageUri: "example/api:2"
                    desiredCount: 1
                    environment: { SIGNING_KEY: "${SIGNING_PRIVATE_KEY}", PAYMENTS: "${PAYMENTS_SECRET}", API_TOKEN: "${SHOP_API_TOKEN}" }
                verify: [{ name: health, url: "{{site.Url("/health")}}?token=${PAYMENTS_SECRET}", timeoutSeconds: 10 }]
            """);
        string[] config = ["--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha];
        var channels = new List<(string Channel, string Text)>();
        void Ran(string what, Surface.SurfaceResult run, int exitCode = 0)
        {
            Assert.True(run.ExitCode == exitCode, $"{what} exited {run.ExitCode}:\n{run.All}");
            channels.Add(($"{what}: console", Visible(run.All)));
            if (File.Exists(surface.ResultFile)) channels.Add(($"{what}: result file", File.ReadAllText(surface.ResultFile)));
        }

        var tests = surface.Run(["Test", .. config]);
        Ran("Test", tests);
        Ran("dry run", surface.Run(["DeployStaging", "--dry-run", .. config]));
        var json = surface.Run(["DeployStaging", "--dry-run", "--output", "json", .. config]);
        Ran("dry run --output json", json);
        channels.Add(("dry run --output json: standard output", Visible(json.Out)));
        Ran("release (local ledger)", surface.Run(["DeployStaging", "--skip", .. config]));
        foreach (var (name, value) in github.Environment) surface.Environment[name] = value;
        var recorded = surface.Run(["DeployStaging", "--skip", "--output", "json", "--github-token", GitHubTestbed.Token, .. config]);
        Ran("release (GitHub ledger) --output json", recorded);
        channels.Add(("release --output json: standard output", Visible(recorded.Out)));

        var ledger = File.ReadAllText(Path.Combine(surface.Root, ".deployer", "releases.json"));
        var sentToGitHub = string.Join("\n", github.Simulator.Exchanges.Select(e => e.Target + "\n" + e.RequestBody));
        channels.Add(("local ledger", ledger));
        channels.Add(("GitHub ledger requests", sentToGitHub));
        channels.Add(("$GITHUB_OUTPUT", File.ReadAllText(surface.Environment["GITHUB_OUTPUT"])));
        channels.Add(("$GITHUB_STEP_SUMMARY", File.ReadAllText(surface.Environment["GITHUB_STEP_SUMMARY"])));
        foreach (var (channel, text) in channels) AssertNoneIn(channel, text);

        // The secrets were there to leak: each channel that carries them shows where they were scrubbed.
        Assert.Contains("[REDACTED]", tests.Out);
        Assert.Contains("/health?token=[REDACTED]", ledger);
        Assert.Contains("/health?token=[REDACTED]", sentToGitHub);
        Assert.Contains("[REDACTED]", Visible(json.Out));
        Assert.True(site.Hits("/health") > 0, "the verify check never reached the site");
    }

    /// <summary>Output as the runner shows it: it consumes ::add-mask:: lines and never prints them.</summary>
    private static string Visible(string output) =>
        string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)));
}
