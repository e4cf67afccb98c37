namespace Deployer.Tests.Surface;

/// <summary>Secret values given through the environment or parameters appear in no output, whatever the channel.</summary>
public class SecretOutputTests : IDisposable
{
    private readonly BuildSurface _build = new();

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAZZEXAMPLE7KEYID9",
        ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET",
        ["AWS_SESSION_TOKEN"] = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN",
        ["GITHUB_TOKEN"] = "ghp_envTokenValue0123456789abcdef",
        ["VERCEL_TOKEN"] = "vercel_tokenValue_9f8e7d6c5b4a",
        ["DATABASE_URL"] = "postgresql://app_migrator:Sup3r-S3cret-Pa55@db.internal:5432/saas",
    };

    private const string CliToken = "ghp_fromTheCommandLine_55aa66bb";

    public SecretOutputTests()
    {
        foreach (var (name, value) in Secrets) _build.Environment[name] = value;
        _build.Environment["GITHUB_ACTIONS"] = "true";
        // Credentials are present, so the dry run tries to read live state: from a port where nothing listens.
        _build.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9";
        _build.Environment["GITHUB_OUTPUT"] = Path.Combine(_build.Root, "github_output");
        _build.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(_build.Root, "step_summary.md");
        // A careless description that pastes secrets into plain settings: they must still never be shown.
        File.WriteAllText(Path.Combine(_build.Root, "deploy.yml"), """
            app: leaky
            images:
              api: { context: api, buildArgs: { NPM_TOKEN: "${GITHUB_TOKEN}" } }
            environments:
              production:
                aws: { account: "123456789012", region: eu-west-1 }
                cluster: leaky
                services:
                  - name: api
                    image: api
                    environment:
                      DATABASE_URL: "${DATABASE_URL}"
                      AWS_KEY: "${AWS_SECRET_ACCESS_KEY}"
                vercel:
                  - project: web
                    directory: web
                    env: { VERCEL_TOKEN: "${VERCEL_TOKEN}", SESSION: "${AWS_SESSION_TOKEN}" }
            """);
    }

    public void Dispose() => _build.Dispose();

    [Fact]
    public void No_secret_reaches_help_plans_results_summaries_or_outputs()
    {
        var config = Path.Combine(_build.Root, "deploy.yml");
        var runs = new[]
        {
            _build.Run("--help", "--github-token", CliToken),
            _build.Run("DeployProduction", "--dry-run", "--config", config, "--github-token", CliToken, "--verbosity", "verbose"),
            _build.Run("DeployProduction", "--dry-run", "--output", "json", "--config", config, "--github-token", CliToken),
            _build.Run("DeployEcs", "--environment", "production", "--config", config, "--github-token", CliToken),
        };

        var channels = runs.Select((r, i) => ($"run {i} output", Visible(r.All))).ToList();
        channels.Add(("$GITHUB_OUTPUT", File.ReadAllText(_build.Environment["GITHUB_OUTPUT"])));
        channels.Add(("$GITHUB_STEP_SUMMARY", File.ReadAllText(_build.Environment["GITHUB_STEP_SUMMARY"])));
        channels.Add(("result file", File.ReadAllText(_build.ResultFile)));

        foreach (var (channel, text) in channels)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{channel} is empty: the test would prove nothing");
            foreach (var secret in Secrets.Values.Append(CliToken).Append("Sup3r-S3cret-Pa55"))
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{channel} shows a secret: {secret}");
        }
        Assert.Contains("DATABASE_URL: [REDACTED]", runs[1].Out);
        Assert.Contains("plan<<", channels.Single(c => c.Item1 == "$GITHUB_OUTPUT").Item2);
    }

    [Fact]
    public void Under_github_actions_every_secret_is_masked_before_anything_else()
    {
        var result = _build.Run("DeployProduction", "--dry-run", "--config", Path.Combine(_build.Root, "deploy.yml"), "--github-token", CliToken);

        var masks = result.Out.Split('\n').TakeWhile(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToArray();
        foreach (var secret in Secrets.Values.Append(CliToken))
            Assert.Contains($"::add-mask::{secret}", masks);
        Assert.Contains("::group::DeployProduction", result.Out);
    }

    /// <summary>Output as the runner shows it: it consumes ::add-mask:: lines and never prints them.</summary>
    private static string Visible(string output) =>
        string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)));
}
