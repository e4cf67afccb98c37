using Deployer.Tests.Examples;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// MDReader's pipeline (.github/workflows/mdreader.yml) job by job, as GitHub would run it, against the parts of
/// <see cref="MdReaderReleaseWorld"/>: a push to main tests, then releases staging as one verified release.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MdReaderPipelineTests(PostgresServer postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task A_push_to_main_tests_then_records_a_verified_staging_release_of_the_stack_the_service_and_the_frontend()
    {
        await using var world = await MdReaderReleaseWorld.StartAsync(postgres);
        using var runner = new WorkflowRunner("mdreader.yml", world.Root) { GitHubToken = GitHubTestbed.Token, Log = output.WriteLine };
        foreach (var (key, value) in world.Surface.Environment.Where(e => e.Key != "PATH")) runner.Environment[key] = value;

        var push = await runner.RunAsync(WorkflowEvent.Push("main"));

        Assert.Equal(["test", "release"], push.Select(j => j.Job));
        foreach (var job in push) Assert.True(job.Result == "success", $"{job}: {string.Join('\n', job.Actions.Select(a => a.Log))}");
        Assert.NotEqual("", push.Single(j => j.Job == "release").Outputs["release-id"]);
        var release = Assert.Single(await world.LedgerAsync());
        Assert.Equal(("staging", world.Sha), (release.GetProperty("environment").GetString(), release.GetProperty("sha").GetString()));
        var targets = release.GetProperty("payload").GetProperty("targets");
        var stack = MdReaderReleaseWorld.Stack("staging");
        Assert.True(targets.TryGetProperty($"output:sam.{stack}.ApiUrl", out var apiUrl), targets.ToString());
        using var http = new HttpClient();
        Assert.Equal(apiUrl.GetString(), (await http.GetStringAsync(new Uri(world.Amplify.SiteUrl(MdReaderReleaseWorld.AppId, "staging"), "api-url.txt"))).Trim());
        var status = (await world.GitHub.Octokit().Repository.Deployment.Status.GetAll("acme", "shop", release.GetProperty("id").GetInt64())).First();
        Assert.Equal(Octokit.DeploymentState.Success, status.State.Value);
        Assert.Empty(world.Gateway.Front.Violations);
    }
}
