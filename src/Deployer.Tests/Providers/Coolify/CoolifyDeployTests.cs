using Deployer.Execution;
using Deployer.Providers.Coolify;
using Deployer.Simulators.Coolify;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Providers.Coolify;

public sealed class CoolifyDeployTests
{
    [Fact]
    public async Task I_can_deploy_an_application_and_get_the_deployment_and_the_commit_it_built()
    {
        await using var bed = await CoolifyTestbed.StartAsync();

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        var deployed = result.OutputAs<CoolifyDeployed>()!;
        var deployment = bed.Simulator.Deployments.Single();
        Assert.Equal([deployment.Uuid], deployed.DeploymentUuids);
        Assert.Equal([CoolifyTestbed.Head], deployed.Commits);
        Assert.Equal(CoolifyTestbed.Head, bed.Simulator.RunningOf(bed.Application.Uuid));
        Assert.Null(deployed.Previous); // nothing ran before the first deployment
        Assert.Equal(deployment.Uuid, result.Outputs["deployment-uuids"]);
        Assert.Contains($"POST /api/v1/deploy?uuid={bed.Application.Uuid}&force=false", bed.Simulator.Requests);
    }

    [Fact]
    public async Task I_can_ask_for_a_rebuild_without_the_build_cache()
    {
        await using var bed = await CoolifyTestbed.StartAsync();

        var result = await bed.Handler().RunAsync(bed.Step(force: true), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.True(bed.Simulator.Deployments.Single().Force);
    }

    [Fact]
    public async Task I_can_read_the_last_log_lines_when_the_build_fails()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        bed.Simulator.Faults.FailingBuilds[bed.Application.Uuid] = ["#12 [build 4/6] RUN cargo build --release", "error[E0432]: unresolved import `tokio::fs`"];

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("monitoring", result.Message);
        Assert.Contains("ended failed", result.Message);
        Assert.Contains("! error[E0432]: unresolved import `tokio::fs`", result.Forensics);
        Assert.DoesNotContain("docker rm -f", result.Forensics); // Coolify's own hidden commands stay hidden
        Assert.Null(bed.Simulator.RunningOf(bed.Application.Uuid));
    }

    [Fact]
    public async Task I_am_told_how_to_see_the_log_when_the_token_may_not_read_it()
    {
        await using var bed = await CoolifyTestbed.StartAsync(CoolifySimulatorOptions.Default with { ReadSensitive = false });
        bed.Simulator.Faults.FailingBuilds[bed.Application.Uuid] = ["boom"];

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("read:sensitive", result.Forensics);
    }

    [Fact]
    public async Task I_can_rely_on_a_deployment_that_outlives_its_timeout_being_cancelled()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        bed.Simulator.Faults.StuckBuilds[bed.Application.Uuid] = true;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var run = bed.Handler(time).RunAsync(bed.Step(timeoutMinutes: 1), new ExecutionState(), CancellationToken.None);
        while (!run.IsCompleted)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(20));
        }
        var result = await run;

        Assert.Equal(Outcome.TimedOut, result.Outcome);
        Assert.Contains("not finished after 1 min; cancelled", result.Message);
        Assert.Equal("cancelled-by-user", bed.Simulator.StatusOf(bed.Simulator.Deployments.Single().Uuid));
    }

    [Fact]
    public async Task I_can_cancel_a_run_and_the_deployment_is_cancelled_too()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        bed.Simulator.Faults.StuckBuilds[bed.Application.Uuid] = true;
        using var cancel = new CancellationTokenSource();

        var run = bed.Handler().RunAsync(bed.Step(), new ExecutionState(), cancel.Token);
        while (bed.Simulator.Deployments.Count == 0 && !run.IsCompleted) await Task.Delay(10);
        await cancel.CancelAsync(); // SIGTERM while the deployment is in flight
        var result = await run;

        Assert.Equal(Outcome.Cancelled, result.Outcome);
        Assert.Equal("cancelled-by-user", bed.Simulator.StatusOf(bed.Simulator.Deployments.Single().Uuid));
    }

    [Fact]
    public async Task I_can_deploy_through_a_full_queue_and_server_errors()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        bed.Simulator.Faults.Next.Enqueue((503, 0)); // the rollback-images read
        bed.Simulator.Faults.Next.Enqueue((429, 0)); // the deploy: Coolify's queue is full
        bed.Simulator.Faults.Next.Enqueue((502, 0)); // the deploy again, from the proxy in front
        bed.Simulator.Faults.Next.Enqueue((500, 0)); // the first poll

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Empty(bed.Simulator.Faults.Next);
        Assert.Single(bed.Simulator.Deployments); // a retried deploy queued one deployment
    }

    [Fact]
    public async Task A_refused_token_names_the_setting_it_came_from()
    {
        await using var bed = await CoolifyTestbed.StartAsync();

        var result = await bed.Handler(token: "1|revoked").RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("HTTP 401: Unauthenticated.", result.Message);
        Assert.Contains("environments.pi.coolify[0].token (env:COOLIFY_TOKEN)", result.Message);
        Assert.DoesNotContain("1|revoked", result.Message);
        Assert.Empty(bed.Simulator.Deployments);
    }

    [Fact]
    public async Task An_application_coolify_does_not_know_fails_the_step_naming_it_and_queues_nothing_else()
    {
        await using var bed = await CoolifyTestbed.StartAsync();

        var result = await bed.Handler().RunAsync(bed.Step(applications: [bed.Application.Uuid, "nosuchapp"]), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("nosuchapp: not found on the instance", result.Message);
        Assert.Equal("cancelled-by-user", bed.Simulator.StatusOf(bed.Simulator.Deployments.Single().Uuid));
    }
}
