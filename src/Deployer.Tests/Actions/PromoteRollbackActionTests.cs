using System.Text.Json;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Actions;

/// <summary>
/// actions/promote and actions/rollback, written against the release ledger's contract: Promote and Rollback take
/// --environment and the secret --github-token, Rollback a --force flag, and they write `release-id` to $GITHUB_OUTPUT.
/// Input checks, masking and the command each action starts; then promotion and rollback through the GitHub ledger
/// (the GitHub simulator) and the ECS simulator, publishing the release id.
/// </summary>
public sealed class PromoteRollbackActionTests(ITestOutputHelper output) : IDisposable
{
    private const string Token = GitHubTestbed.Token;
    private readonly List<CompositeActionRunner> _runners = [];

    public void Dispose()
    {
        foreach (var runner in _runners) runner.Dispose();
    }

    private CompositeActionRunner Action(string name)
    {
        var runner = new CompositeActionRunner(Repository.PathOf("actions", name)) { Log = output.WriteLine };
        _runners.Add(runner);
        return runner;
    }

    private static Dictionary<string, string> Saas(params (string Name, string Value)[] with)
    {
        var inputs = new Dictionary<string, string> { ["config"] = "examples/saas/deploy.yml" };
        foreach (var (name, value) in with) inputs[name] = value;
        return inputs;
    }

    [Fact]
    public async Task Promote_starts_Promote_for_the_environment_with_the_token_masked_first_and_never_shown()
    {
        var run = await Action("promote").RunAsync(Saas(("github-token", Token)));

        Assert.Equal($"::add-mask::{Token}", run.RawLog.First(line => line.Contains(Token, StringComparison.Ordinal)));
        Assert.Contains(run.RawLog, line => line.StartsWith("Deployer: ./build.sh Promote --environment production --root ", StringComparison.Ordinal));
        Assert.DoesNotContain(Token, run.Everything);
        Assert.NotEqual("", run.Output("exit-code"));
        Assert.Equal(run.ExitCode.ToString(), run.Output("exit-code"));
    }

    [Fact]
    public async Task Rollback_passes_force_as_a_flag_only_when_asked()
    {
        var forced = await Action("rollback").RunAsync(Saas(("environment", "production"), ("force", "true"), ("github-token", Token)));
        var plain = await Action("rollback").RunAsync(Saas(("environment", "production"), ("github-token", Token)));

        Assert.Contains(forced.RawLog, line => line.StartsWith("Deployer: ./build.sh Rollback --environment production --force --root ", StringComparison.Ordinal));
        Assert.Contains(plain.RawLog, line => line.StartsWith("Deployer: ./build.sh Rollback --environment production --root ", StringComparison.Ordinal));
        Assert.DoesNotContain(Token, forced.Everything + plain.Everything);
    }

    [Theory]
    [InlineData("rollback", "environment", "", "Input 'environment' is required.")]
    [InlineData("rollback", "force", "yes", "Input 'force' must be one of: true|false (got 'yes').")]
    [InlineData("rollback", "github-token", "", "Input 'github-token' is required.")]
    [InlineData("promote", "github-token", "", "Input 'github-token' is required.")]
    [InlineData("promote", "environment", "prod uction", "Input 'environment' must be a name of letters, digits")]
    public async Task Invalid_input_fails_with_exit_code_2_naming_the_input(string action, string input, string value, string error)
    {
        var inputs = Saas(("environment", "production"), ("github-token", Token), (input, value));

        var run = await Action(action).RunAsync(inputs);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.Errors, e => e.StartsWith(error, StringComparison.Ordinal));
        Assert.All(run.Steps.Skip(1), step => Assert.Equal("skipped", step.Outcome));
    }

    /// <summary>A job whose runner talks to the ECS simulator and whose GITHUB_API_URL is the GitHub simulator.</summary>
    private CompositeActionRunner InWorld(string name, EcsWorld world, GitHubTestbed github)
    {
        var runner = Action(name);
        runner.Workspace = world.Surface.Root;
        foreach (var (key, value) in world.Surface.Environment.Where(e => e.Key != "PATH")) runner.Environment[key] = value;
        foreach (var (key, value) in github.Environment) runner.Environment[key] = value;
        runner.GitHubToken = Token;
        return runner;
    }

    [Fact]
    public async Task A_promotion_ships_what_staging_verified_and_publishes_the_release_id()
    {
        await using var world = await EcsWorld.StartAsync();
        await using var github = await GitHubTestbed.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1, cluster: EcsWorld.Cluster);
        world.Describe("""
            app: shop
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: api, imageUri: "example/api:2", desiredCount: 1 }]
              production:
                promotesFrom: staging
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: api, imageUri: "example/api:2", desiredCount: 1 }]
            """);

        var staging = await InWorld("deploy", world, github).RunAsync(new Dictionary<string, string> { ["environment"] = "staging", ["git-sha"] = EcsWorld.Sha });
        var promoted = await InWorld("promote", world, github).RunAsync(new Dictionary<string, string> { ["environment"] = "production" });

        Assert.True(staging.Succeeded, staging.Log);
        Assert.True(promoted.Succeeded, promoted.Log);
        Assert.NotEqual("", staging.Output("release-id"));
        Assert.NotEqual("", promoted.Output("release-id"));
        Assert.NotEqual(staging.Output("release-id"), promoted.Output("release-id"));
        Assert.Contains("Deployer: shop → production: Unchanged", promoted.Summary); // one service stands in for both environments here
        Assert.Contains("| `deploy-ecs:api` |", promoted.Summary);
        Assert.DoesNotContain(Token, staging.Everything + promoted.Everything);
    }

    [Fact]
    public async Task A_forced_rollback_returns_to_the_last_verified_release_and_publishes_the_release_id()
    {
        await using var world = await EcsWorld.StartAsync();
        await using var github = await GitHubTestbed.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1);
        string Description(string image) => $$"""
            app: shop
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: api, imageUri: "{{image}}", desiredCount: 1 }]
            """;
        Dictionary<string, string> Deploy(string sha) => new() { ["environment"] = "staging", ["git-sha"] = sha };

        world.Describe(Description("example/api:2"));
        var first = await InWorld("deploy", world, github).RunAsync(Deploy(EcsWorld.Sha));
        var verified = (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>();
        world.Describe(Description("example/api:3"));
        var second = await InWorld("deploy", world, github).RunAsync(Deploy(new string('3', 40)));
        var rolledBack = await InWorld("rollback", world, github).RunAsync(new Dictionary<string, string> { ["environment"] = "staging", ["force"] = "true" });

        Assert.True(first.Succeeded && second.Succeeded, first.Log + second.Log);
        Assert.True(rolledBack.Succeeded, rolledBack.Log);
        Assert.NotEqual("", rolledBack.Output("release-id"));
        Assert.Contains("Deployer: shop → staging: Succeeded", rolledBack.Summary);
        Assert.Equal(verified, JsonDocument.Parse(rolledBack.Output("task-definitions")).RootElement.GetProperty("api").GetString());
        Assert.Equal(verified, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
    }
}
