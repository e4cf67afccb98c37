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
/// Acceptance: every outcome (Succeeded, Failed, RolledBack, Cancelled) sends one notification per configured channel,
/// over real HTTP to a local receiver standing in for Slack, a Matrix homeserver and a signed webhook, and no secret
/// (webhook URLs, the Matrix token, the signing key, a secret echoed in a step's message) reaches any payload.
/// </summary>
public sealed class NotificationOutcomeTests : IAsyncLifetime
{
    private const string Sha = "89abcdef0123456789abcdef0123456789abcdef";
    private const string SlackPath = "services/T111/B111/slack-hook-secret-a";
    private const string MatrixToken = "syt_matrix_token_secret_b";
    private const string HookPath = "hooks/release?token=hook-url-secret-c";
    private const string SigningKey = "signing-key-secret-d";
    private const string DatabasePassword = "db-password-secret-e";

    private readonly string _root = Directory.CreateTempSubdirectory("deployer-outcomes-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _log = new();
    private NoticeReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NoticeReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string Description => $"""
        app: shop
        environments:
          production:
            vercel:
              - {"{"} project: shop-web, directory: web {"}"}
            notify:
              - slack: {"{"} webhook: {"{"} env: SLACK_URL {"}"} {"}"}
              - matrix: {"{"} homeserver: "{_receiver.Endpoint}", room: "!ops:example.org", token: {"{"} env: MATRIX_TOKEN {"}"} {"}"}
              - webhook: {"{"} url: {"{"} env: HOOK_URL {"}"}, signingKey: {"{"} env: HOOK_KEY {"}"} {"}"}
        """;

    [Theory]
    [InlineData(Outcome.Succeeded, "succeeded", ExitCodes.Success)]
    [InlineData(Outcome.Failed, "failed", ExitCodes.Failed)]
    [InlineData(Outcome.RolledBack, "rolledback", 3)]
    [InlineData(Outcome.Cancelled, "cancelled", 130)]
    public async Task Every_outcome_sends_one_notification_per_channel_and_no_secret_in_any_payload(Outcome outcome, string moment, int exitCode)
    {
        using var cancellation = new CancellationTokenSource();
        var result = await Run(_ =>
        {
            // A cancelled workflow: SIGTERM arrives while the deploy step runs, which stops it.
            if (outcome == Outcome.Cancelled) cancellation.Cancel();
            return StepResult.Of(outcome, $"vercel answered with the database password {DatabasePassword}\nand a second line");
        }, cancellation.Token);

        Assert.Equal(exitCode, result);
        var received = _receiver.Received;
        var ends = received.Where(r => !IsStart(r)).ToArray();
        Assert.Equal(1, ends.Count(r => r.Path == "/" + SlackPath));
        Assert.Equal(1, ends.Count(r => r.Path.StartsWith("/_matrix/client/v3/rooms/")));
        var hook = Assert.Single(ends, r => r.Path == "/" + HookPath);
        Assert.Equal(moment, hook.Headers["X-Deployer-Event"]);
        Assert.Equal(WebhookChannel.Signature(SigningKey, hook.Body), hook.Headers[WebhookChannel.SignatureHeader]);
        var payload = JsonDocument.Parse(hook.Body).RootElement;
        if (outcome == Outcome.Succeeded) Assert.False(payload.TryGetProperty("reason", out var none) && none.ValueKind != JsonValueKind.Null);
        else Assert.DoesNotContain("second line", payload.GetProperty("reason").GetString());
        Assert.Equal(3, received.Count(IsStart)); // and one start per channel
        var payloads = string.Join("\n", received.Select(r => r.Body)) + string.Join("\n", received.SelectMany(r => r.Headers.Where(h => h.Key != "Authorization").Select(h => h.Value)));
        foreach (var secret in new[] { SlackPath, "slack-hook-secret-a", MatrixToken, "hook-url-secret-c", SigningKey, DatabasePassword })
            Assert.DoesNotContain(secret, payloads + _out + _log);
    }

    private static bool IsStart(ReceivedRequest request) =>
        request.Headers.TryGetValue("X-Deployer-Event", out var e) ? e == "started" : request.Body.Contains(" started", StringComparison.Ordinal);

    private Dictionary<string, string> Environment() => new()
    {
        ["SLACK_URL"] = _receiver.Url(SlackPath),
        ["MATRIX_TOKEN"] = MatrixToken,
        ["HOOK_URL"] = _receiver.Url(HookPath),
        ["HOOK_KEY"] = SigningKey,
        ["DB_PASSWORD"] = DatabasePassword,
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_REPOSITORY"] = "acme/shop",
        ["GITHUB_RUN_ID"] = "43",
    };

    private async Task<int> Run(Func<Step, StepResult> result, CancellationToken cancellationToken)
    {
        File.WriteAllText(Path.Combine(_root, "deploy.yml"), Description);
        var secrets = new SecretValues();
        secrets.Add(DatabasePassword); // a secret the run resolved, as a step's message might echo it
        var settings = new RunSettings("deploy.yml", "production", false, OutputFormat.Text, Sha, Path.Combine(_root, "result.json"), _root);
        var providers = new StandInProviders(new ProviderSet([new StubStepHandler(_ => true, result)], [], new Dictionary<string, string>()));
        var context = new RunContext(new ScrubbingWriter(_out, secrets), new ScrubbingWriter(_log, secrets), Environment(), secrets,
            TimeProvider.System, providers, new LocalLedger(Path.Combine(_root, "releases.json"), TimeProvider.System));
        var run = new DeployRun(settings, context);
        var exitCode = await run.DeployAsync(null, PlanMode.Release, _ => true, cancellationToken);
        run.Flush();
        return exitCode;
    }
}
