using Deployer.Execution;
using Deployer.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>Jobs that do not finish: one an earlier run left behind, one stuck in PENDING, a timeout and a cancellation.</summary>
[Collection(MotoAmplifyCollection.Name)]
public sealed class AmplifyInFlightJobTests(MotoServer moto)
{
    private const string App = AmplifyTestbed.AppId;

    [Fact]
    public async Task A_job_an_earlier_run_left_pending_is_named_and_the_deploy_refuses_to_queue_behind_it()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        // A runner that died between CreateDeployment and StartDeployment leaves this job PENDING for good.
        var left = await bed.Aws.Amplify.CreateDeploymentAsync(App, "staging", CancellationToken.None);

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.StartsWith($"branch staging of app {App} has job {left.JobId} (PENDING since ", result.Message);
        Assert.Contains($"aws amplify stop-job --app-id {App} --branch-name staging --job-id {left.JobId}", result.Message);
        Assert.EndsWith("or set stopPendingJobs: true", result.Message);
        Assert.Single(bed.Simulator.Jobs(App, "staging"));
        Assert.Empty(await bed.KeysAsync());
    }

    [Fact]
    public async Task A_job_an_earlier_run_left_pending_is_stopped_when_the_description_allows_it_and_the_deploy_goes_on()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        var left = await bed.Aws.Amplify.CreateDeploymentAsync(App, "staging", CancellationToken.None);

        var result = await bed.Handler().RunAsync(bed.Step(stopPendingJobs: true), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Contains($"; stopped {left.JobId} (PENDING since ", result.Message);
        var jobs = bed.Simulator.Jobs(App, "staging");
        Assert.Equal(["CANCELLED", "SUCCEED"], jobs.Select(bed.Simulator.StatusOf));
        Assert.Equal("200 v1", await bed.ServedAsync("staging"));
    }

    [Fact]
    public async Task A_job_stuck_in_pending_times_out_and_is_stopped()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        bed.Simulator.Faults.StuckBranches[$"{App}/staging"] = true;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var run = bed.Handler(time).RunAsync(bed.Step(timeoutMinutes: 2), new ExecutionState(), CancellationToken.None);
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(run, Task.Delay(5));
        }
        var result = await run;

        Assert.Equal(Outcome.TimedOut, result.Outcome);
        var job = Assert.Single(bed.Simulator.Jobs(App, "staging"));
        Assert.Equal($"job {job.JobId} of branch staging still PENDING after 2 min; stopped", result.Message);
        Assert.NotNull(job.StoppedAt);
        Assert.StartsWith("404", await bed.ServedAsync("staging"));
    }

    [Fact]
    public async Task Cancelling_a_deploy_stops_its_job()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        bed.Simulator.Faults.StuckBranches[$"{App}/staging"] = true;
        using var cancel = new CancellationTokenSource();
        var run = bed.Handler().RunAsync(bed.Step(), new ExecutionState(), cancel.Token);
        while (bed.Simulator.Jobs(App, "staging") is not [{ StartedAt: not null }]) await Task.Delay(10);

        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(Outcome.Cancelled, result.Outcome);
        var job = Assert.Single(bed.Simulator.Jobs(App, "staging"));
        Assert.Equal($"cancelled; Amplify job {job.JobId} of branch staging stopped", result.Message);
        Assert.Contains(bed.Simulator.StatusOf(job), new[] { "CANCELLING", "CANCELLED" });
    }

    [Fact]
    public async Task A_refused_upload_fails_the_step_and_leaves_no_pending_job_behind()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        bed.Simulator.Faults.RejectUploads = true;

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        var job = Assert.Single(bed.Simulator.Jobs(App, "staging"));
        Assert.Equal($"Amplify zip upload failed: Http403: the pre-signed upload answered HTTP 403; job {job.JobId} of branch staging stopped", result.Message);
        Assert.DoesNotContain("X-Amz-Signature", result.Message);
        Assert.NotNull(job.StoppedAt);
        bed.Simulator.Faults.RejectUploads = false;
        await Task.Delay(100);
        Assert.Equal(Outcome.Succeeded, (await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None)).Outcome);
    }
}
