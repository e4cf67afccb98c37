using Deployer.Tests.Simulators;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>What every seed pipeline's tests do with <see cref="WorkflowRunner"/>: start it on a world, read its jobs.</summary>
public static class PipelineRuns
{
    /// <summary>
    /// The seed's caller workflow on the app's checkout, with the world's variables (all but PATH: the runner's own) and
    /// the commit the runner checked out.
    /// </summary>
    public static WorkflowRunner Start(string workflow, string root, IEnumerable<KeyValuePair<string, string>> surface, string sha, ITestOutputHelper output)
    {
        var runner = new WorkflowRunner(workflow, root) { GitHubToken = GitHubTestbed.Token, Log = output.WriteLine };
        foreach (var (key, value) in surface.Where(e => e.Key != "PATH")) runner.Environment[key] = value;
        runner.Environment["GITHUB_SHA"] = sha;
        return runner;
    }

    /// <summary>The logs of the job's actions, in order.</summary>
    public static string Logs(WorkflowJob job) => string.Join('\n', job.Actions.Select(a => a.Log));

    /// <summary>Every job succeeded; otherwise the first failure with its logs.</summary>
    public static void Succeeded(IReadOnlyList<WorkflowJob> jobs)
    {
        foreach (var job in jobs) Assert.True(job.Result == "success", $"{job}: {job.Result}\n{Logs(job)}");
    }
}
