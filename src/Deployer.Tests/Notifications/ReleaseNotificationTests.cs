using System.Text.Json;
using Deployer.Execution;
using Deployer.Notifications;
using Deployer.Output;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Releases;
using Deployer.Runs;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Notifications;

/// <summary>
/// A release announces its start and its end on every channel of the environment, over real HTTP to a local receiver
/// standing in for Slack, a Matrix homeserver and a webhook; a notification that fails is a warning and never an outcome.
/// </summary>
public sealed class ReleaseNotificationTests : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string SlackPath = "services/T000/B000/xoxb-hook-secret-1";
    private const string MatrixToken = "syt_matrix_token_secret_2";
    private const string HookPath = "hooks/deploy?token=hook-url-secret-3";
    private const string SigningKey = "signing-key-secret-4";

    private readonly string _root = Directory.CreateTempSubdirectory("deployer-notify-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _log = new();
    private NoticeReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NoticeReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string Description(string on = "") => $"""
        app: shop
        environments:
          production:
            vercel:
              - {"{"} project: shop-web, directory: web {"}"}
            notify:
              - slack: {"{"} webhook: {"{"} env: SLACK_URL {"}"} {"}"}
              - matrix: {"{"} homeserver: "{_receiver.Endpoint}", room: "!ops:example.org", token: {"{"} env: MATRIX_TOKEN {"}"} {"}"}
              - webhook: {"{"} url: {"{"} env: HOOK_URL {"}"}, signingKey: {"{"} env: HOOK_KEY {"}"} {"}"}
                timeoutSeconds: 2
                {on}
        """;

    [Fact]
    public async Task A_release_is_announced_at_its_start_and_its_end_on_every_channel()
    {
        var exitCode = await Run(Description(), _ => StepResult.Of(Outcome.Succeeded, "deployed"));

        Assert.Equal(ExitCodes.Success, exitCode);
        var received = _receiver.Received;
        Assert.Equal(6, received.Count);
        Assert.Equal(2, received.Count(r => r.Path == "/" + SlackPath));
        Assert.Equal(2, received.Count(r => r.Path.StartsWith("/_matrix/client/v3/rooms/%21ops%3Aexample.org/send/m.room.message/deployer-0123456-")));
        Assert.All(received.Where(r => r.Path.StartsWith("/_matrix")), r =>
        {
            Assert.Equal("PUT", r.Method);
            Assert.Equal($"Bearer {MatrixToken}", r.Headers["Authorization"]);
        });
        var hooks = received.Where(r => r.Path == "/" + HookPath).ToArray();
        Assert.Equal(["started", "succeeded"], hooks.Select(h => h.Headers["X-Deployer-Event"]).Order());
        Assert.All(hooks, h => Assert.Equal(WebhookChannel.Signature(SigningKey, h.Body), h.Headers[WebhookChannel.SignatureHeader]));
        var end = JsonDocument.Parse(hooks.Single(h => h.Headers["X-Deployer-Event"] == "succeeded").Body).RootElement;
        Assert.Equal(("shop", "production", Sha), (end.GetProperty("app").GetString(), end.GetProperty("environment").GetString(), end.GetProperty("sha").GetString()));
        Assert.Equal("https://github.com/acme/shop/actions/runs/42", end.GetProperty("runUrl").GetString());
        Assert.True(end.GetProperty("durationSeconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task A_failure_is_announced_with_its_one_line_reason_and_no_channel_sees_a_secret()
    {
        var exitCode = await Run(Description(), _ => StepResult.Of(Outcome.Failed, $"the build failed with token {MatrixToken}\nsecond line"));

        Assert.Equal(ExitCodes.Failed, exitCode);
        var hook = _receiver.Received.Single(r => r.Path == "/" + HookPath && r.Headers["X-Deployer-Event"] == "failed");
        var reason = JsonDocument.Parse(hook.Body).RootElement.GetProperty("reason").GetString()!;
        Assert.DoesNotContain("second line", reason);
        var everything = string.Join("\n", _receiver.Received.Select(r => r.Body)) + _out + _log;
        foreach (var secret in new[] { SlackPath, MatrixToken, "hook-url-secret-3", SigningKey }) Assert.DoesNotContain(secret, everything);
    }

    [Fact]
    public async Task A_channel_that_answers_500_or_never_answers_is_a_warning_and_the_outcome_stays_the_release_s()
    {
        _receiver.Status = null;

        var exitCode = await Run(Description(), _ => StepResult.Of(Outcome.Succeeded, "deployed"));

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("warning: environments.production.notify[2] (webhook) was not notified: no answer within 2 s; the release outcome is unchanged", _log.ToString());
        Assert.Contains("Succeeded", _out.ToString());

        _receiver.Status = 500;
        _log.GetStringBuilder().Clear();
        exitCode = await Run(Description(), _ => StepResult.Of(Outcome.Succeeded, "deployed"));

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("warning: environments.production.notify[0] (slack) was not notified: HTTP 500", _log.ToString());
    }

    [Fact]
    public async Task A_channel_announces_only_the_moments_it_asks_for()
    {
        await Run(Description(on: "on: [failed, rolledBack]"), _ => StepResult.Of(Outcome.Succeeded, "deployed"));

        Assert.DoesNotContain(_receiver.Received, r => r.Path == "/" + HookPath);
        Assert.Equal(4, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_channel_whose_secret_is_not_set_is_off_with_a_warning_and_the_release_runs()
    {
        var environment = Environment();
        environment.Remove("MATRIX_TOKEN");

        var exitCode = await Run(Description(), _ => StepResult.Of(Outcome.Succeeded, "deployed"), environment);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("warning: environments.production.notify[1] (matrix) is off for this run: secret env:MATRIX_TOKEN: environment variable MATRIX_TOKEN is not set", _log.ToString());
        Assert.DoesNotContain(_receiver.Received, r => r.Path.StartsWith("/_matrix"));
    }

    [Fact]
    public async Task A_dry_run_announces_nothing()
    {
        await Run(Description(), _ => StepResult.Of(Outcome.Succeeded, "deployed"), dryRun: true);

        Assert.Empty(_receiver.Received);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["SLACK_URL"] = _receiver.Url(SlackPath),
        ["MATRIX_TOKEN"] = MatrixToken,
        ["HOOK_URL"] = _receiver.Url(HookPath),
        ["HOOK_KEY"] = SigningKey,
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_REPOSITORY"] = "acme/shop",
        ["GITHUB_RUN_ID"] = "42",
    };

    private async Task<int> Run(string description, Func<Step, StepResult> result, Dictionary<string, string>? environment = null, bool dryRun = false)
    {
        File.WriteAllText(Path.Combine(_root, "deploy.yml"), description);
        var secrets = new SecretValues();
        var settings = new RunSettings("deploy.yml", "production", dryRun, OutputFormat.Text, Sha, Path.Combine(_root, "result.json"), _root);
        var providers = new StandInProviders(new ProviderSet([new StubStepHandler(_ => true, result)], [], new Dictionary<string, string>()));
        var context = new RunContext(new ScrubbingWriter(_out, secrets), new ScrubbingWriter(_log, secrets), environment ?? Environment(), secrets,
            TimeProvider.System, providers, new LocalLedger(Path.Combine(_root, "releases.json"), TimeProvider.System));
        var run = new DeployRun(settings, context);
        var exitCode = await run.DeployAsync(null, PlanMode.Release, _ => true, CancellationToken.None);
        run.Flush();
        return exitCode;
    }
}
