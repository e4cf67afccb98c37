using System.Text.Json;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Actions;

/// <summary>actions/dry-run run the way the runner runs it, against the SaaS example, with no credentials.</summary>
public sealed class DryRunActionTests(ITestOutputHelper output) : IDisposable
{
    private const string Sha = "5e1ec7ed0000000000000000000000000000c0de";
    private readonly CompositeActionRunner _runner = new(Repository.PathOf("actions", "dry-run")) { Log = output.WriteLine };

    public void Dispose() => _runner.Dispose();

    private static Dictionary<string, string> SaasProduction(params (string Name, string Value)[] extra)
    {
        var with = new Dictionary<string, string> { ["environment"] = "production", ["config"] = "examples/saas/deploy.yml", ["git-sha"] = Sha };
        foreach (var (name, value) in extra) with[name] = value;
        return with;
    }

    [Fact]
    public async Task The_dry_run_action_publishes_the_plan_of_the_saas_example_and_a_summary_table()
    {
        var run = await _runner.RunAsync(SaasProduction());

        Assert.True(run.Succeeded, run.Log);
        var plan = run.Output("plan");
        Assert.Contains("Plan: saas → production (release of 5e1ec7ed0000)", plan);
        Assert.Contains("Stage 5: 3 steps in parallel", plan);
        Assert.Contains("deploy-ecs:worker", plan);
        Assert.Equal("0", run.Output("exit-code"));
        Assert.Contains("### Deployer plan: saas → production (dry run, `5e1ec7ed0000`)", run.Summary);
        Assert.Contains("| 5 | `deploy-ecs:backend` |", run.Summary);
        Assert.Equal(1, CountOccurrences(run.Summary, "### Deployer plan"));
        using var json = JsonDocument.Parse(File.ReadAllText(run.Output("result-file")));
        Assert.Equal("production", json.RootElement.GetProperty("environment").GetString());
        // dotnet is on PATH here, so the action's own check skips actions/setup-dotnet.
        Assert.Equal("true", run.Step("dotnet").Outputs["found"]);
        Assert.Equal("skipped", run.Steps.Single(s => s.Name == "Install .NET").Outcome);
    }

    [Fact]
    public async Task A_promotion_can_be_planned_before_it_runs()
    {
        var run = await _runner.RunAsync(SaasProduction(("target", "promote")));

        Assert.True(run.Succeeded, run.Log);
        Assert.Contains("Plan: saas → production (promotion", run.Output("plan"));
    }

    [Theory]
    [InlineData("environment", "", "Input 'environment' is required.")]
    [InlineData("target", "kubernetes", "Input 'target' must be one of: all|ecs|sam|amplify|vercel|static-site|home-server (got 'kubernetes').")]
    [InlineData("comment-on-pr", "yes", "Input 'comment-on-pr' must be one of: true|false (got 'yes').")]
    [InlineData("config", "../other/deploy.yml", "Input 'config' must be a path relative to the repository, without '..'")]
    [InlineData("environment", "--root=/", "Input 'environment' must be a name of letters, digits")]
    public async Task Invalid_input_fails_with_exit_code_2_and_an_error_naming_the_input_before_anything_runs(string input, string value, string error)
    {
        var run = await _runner.RunAsync(SaasProduction((input, value)));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.Errors, e => e.Contains(error, StringComparison.Ordinal));
        Assert.Contains(run.RawLog, line => line.StartsWith($"::error title=Invalid input '{input}'::", StringComparison.Ordinal));
        Assert.All(run.Steps.Skip(1), step => Assert.Equal("skipped", step.Outcome));
        Assert.Equal("", run.Output("plan"));
    }

    [Fact]
    public async Task Every_invalid_input_is_reported_at_once()
    {
        var run = await _runner.RunAsync(SaasProduction(("environment", ""), ("target", "nope"), ("comment-on-pr", "1")));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(3, run.Errors.Count);
    }

    [Fact]
    public async Task The_whole_release_of_any_other_environment_is_the_Deploy_target()
    {
        var run = await _runner.RunAsync(SaasProduction(("environment", "dev")));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.RawLog, line => line.StartsWith("Deployer: ./build.sh Deploy --environment dev --dry-run", StringComparison.Ordinal));
        Assert.Contains("Environment 'dev' is not defined in the deploy description", run.Log);
    }

    [Fact]
    public async Task The_vercel_token_is_masked_before_any_use_and_never_appears_in_the_log_summary_or_outputs()
    {
        const string token = "vercelActionsTestToken0123456789abcdefXYZ";
        var run = await _runner.RunAsync(SaasProduction(("vercel-token", token)));

        Assert.True(run.Succeeded, run.Log);
        var first = run.RawLog.ToList().FindIndex(line => line.Contains(token, StringComparison.Ordinal));
        Assert.Equal($"::add-mask::{token}", run.RawLog[first]);
        // Deployer masks its secrets too; the action's own mask must come before Deployer starts.
        var deployerStarts = run.RawLog.ToList().FindIndex(line => line.StartsWith("Deployer: ./build.sh", StringComparison.Ordinal));
        Assert.InRange(first, 0, deployerStarts - 1);
        Assert.All(run.RawLog.Where(line => line.Contains(token, StringComparison.Ordinal)), line => Assert.StartsWith("::add-mask::", line));
        Assert.DoesNotContain(token, run.Everything);
        Assert.DoesNotContain(token, File.ReadAllText(run.Output("result-file")));
    }

    [Fact]
    public async Task The_github_token_is_masked_before_any_use_and_never_appears_in_the_log_summary_or_outputs()
    {
        const string token = "ghs_actionsTestToken0123456789abcdefXYZ";
        var run = await _runner.RunAsync(SaasProduction(("github-token", token), ("comment-on-pr", "true")));

        Assert.True(run.Succeeded, run.Log);
        var first = run.RawLog.Select((line, index) => (line, index)).First(x => x.line.Contains(token, StringComparison.Ordinal));
        Assert.Equal($"::add-mask::{token}", first.line);
        Assert.All(run.RawLog.Where(line => line.Contains(token, StringComparison.Ordinal)), line => Assert.StartsWith("::add-mask::", line));
        Assert.DoesNotContain(token, run.Everything);
        Assert.DoesNotContain(token, File.ReadAllText(run.Output("result-file")));
        // Not a pull_request run: Deployer says why nothing was posted instead of failing the plan.
        Assert.Contains("warning: --comment-on-pr needs a pull_request run", run.Log);
    }

    [Fact]
    public async Task On_a_pull_request_the_plan_is_posted_as_one_comment_that_later_pushes_update()
    {
        await using var github = await Simulators.GitHubTestbed.StartAsync();
        foreach (var (name, value) in github.Environment) _runner.Environment[name] = value;
        github.Simulator.OpenPullRequest(Simulators.GitHubTestbed.Repository, 7);
        _runner.Environment["GITHUB_REF"] = "refs/pull/7/merge";
        _runner.GitHubToken = Simulators.GitHubTestbed.Token;

        var first = await _runner.RunAsync(SaasProduction(("comment-on-pr", "true")));
        var second = await _runner.RunAsync(SaasProduction(("comment-on-pr", "true")));

        Assert.True(first.Succeeded, first.Log);
        Assert.True(second.Succeeded, second.Log);
        var comments = await github.Octokit().Issue.Comment.GetAllForIssue("acme", "shop", 7);
        var comment = Assert.Single(comments);
        Assert.StartsWith("<!-- deployer:plan:saas:production -->", comment.Body);
        Assert.Contains("### Deployer plan: saas → production (dry run, `5e1ec7ed0000`)", comment.Body);
        Assert.Contains("| 5 | `deploy-ecs:backend` |", comment.Body);
        Assert.Equal(comment.HtmlUrl, first.Output("comment-url"));
        Assert.Contains("plan unchanged on pull request #7", second.Log);
        Assert.DoesNotContain(Simulators.GitHubTestbed.Token, first.Everything + second.Everything + comment.Body);
    }

    private static int CountOccurrences(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
