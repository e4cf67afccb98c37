using Deployer.Config;
using Deployer.Runs;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Runs;

/// <summary>
/// approval.required: a workflow's approved environment job passes --yes; a local run asks on its terminal; anything
/// else stops with exit 2 before any change, saying how to approve.
/// </summary>
public sealed class ApprovalTests : IAsyncLifetime
{
    private readonly BuildSurface _build = new();
    private SiteServer _site = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        _site = await SiteServer.StartAsync();
        _site.Answer("/health", _ => (200, "ok"));
        _config = Path.Combine(_build.Root, "deploy.yml");
        await File.WriteAllTextAsync(_config, $$"""
            app: shop
            environments:
              production:
                approval: { required: true, reviewers: [shop/owners] }
                verify: [{ name: health, url: "{{_site.Url("/health")}}", timeoutSeconds: 2 }]
              staging:
                verify: [{ name: health, url: "{{_site.Url("/health")}}", timeoutSeconds: 2 }]
            """);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _build.Dispose();
    }

    private SurfaceResult Deploy(string target, params string[] more) =>
        _build.Run([target, "--skip", "--config", _config, "--git-sha", new string('a', 40), .. more]);

    [Fact]
    public void A_production_run_without_a_terminal_and_without_yes_exits_2_saying_how_to_approve_and_changes_nothing()
    {
        var run = Deploy("DeployProduction");

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("environment production requires approval", run.All);
        Assert.Contains("reviewers: shop/owners", run.All);
        Assert.Contains("pass --yes", run.All);
        Assert.Equal(0, _site.Hits("/health"));
    }

    [Fact]
    public void With_yes_the_production_run_goes_ahead()
    {
        var run = Deploy("DeployProduction", "--yes");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal(1, _site.Hits("/health"));
    }

    [Fact]
    public void On_a_terminal_the_run_asks_and_goes_ahead_on_yes()
    {
        _build.Terminal = "yes\n";

        var run = Deploy("DeployProduction");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("Environment production requires approval; reviewers: shop/owners. Deploy to production?", run.All);
        Assert.Equal(1, _site.Hits("/health"));
    }

    [Fact]
    public void On_a_terminal_any_other_answer_refuses_with_exit_2()
    {
        _build.Terminal = "no\n";

        var run = Deploy("DeployProduction");

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("deploying production was not approved; nothing was changed", run.All);
        Assert.Equal(0, _site.Hits("/health"));
    }

    [Fact]
    public void An_environment_without_approval_and_a_dry_run_never_ask()
    {
        var staging = Deploy("DeployStaging");
        var dryRun = Deploy("DeployProduction", "--dry-run");

        Assert.True(staging.ExitCode == 0, staging.All);
        Assert.True(dryRun.ExitCode == 0, dryRun.All);
    }

    [Theory]
    [InlineData(false, false, false, false, ApprovalDecision.Proceed)]
    [InlineData(true, true, false, false, ApprovalDecision.Proceed)]
    [InlineData(true, false, true, false, ApprovalDecision.Proceed)]
    [InlineData(true, false, false, true, ApprovalDecision.Ask)]
    [InlineData(true, false, false, false, ApprovalDecision.Refuse)]
    public void The_decision_table(bool required, bool dryRun, bool yes, bool canAsk, ApprovalDecision expected) =>
        Assert.Equal(expected, ApprovalGate.Decide(new ApprovalSpec { Required = required }, dryRun, yes, canAsk));
}
