using Deployer.Execution;
using Deployer.Providers.Coolify;

namespace Deployer.Tests.Providers.Coolify;

/// <summary>Rollback, promotion and undoing a step all go through Coolify's rollback to an image tag / commit.</summary>
public sealed class CoolifyRollbackTests
{
    private const string Newer = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public async Task I_can_roll_back_to_the_commit_a_release_recorded()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        bed.Application.Head = Newer;
        await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        Assert.Equal(Newer, bed.Simulator.RunningOf(bed.Application.Uuid));

        var result = await bed.Handler().RunAsync(bed.Rollback(new Dictionary<string, string> { [bed.Application.Uuid] = CoolifyTestbed.Head }),
            new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(CoolifyTestbed.Head, bed.Simulator.RunningOf(bed.Application.Uuid));
        Assert.True(bed.Simulator.Deployments[^1].Rollback);
        Assert.Equal([CoolifyTestbed.Head], result.OutputAs<CoolifyDeployed>()!.Commits);
    }

    [Fact]
    public async Task A_rollback_without_a_recorded_commit_is_refused_and_changes_nothing()
    {
        await using var bed = await CoolifyTestbed.StartAsync();

        var result = await bed.Handler().RunAsync(bed.Rollback(null), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains($"names no commit for {bed.Application.Uuid}", result.Message);
        Assert.Contains("Coolify can only deploy an application at an earlier version by its commit or image tag", result.Message);
        Assert.Empty(bed.Simulator.Requests);
    }

    [Fact]
    public async Task A_later_failure_puts_the_application_back_on_the_image_that_ran_before()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        bed.Application.Head = Newer;
        var handler = bed.Handler();
        var deployed = await handler.RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        Assert.Equal($"{bed.Application.Uuid}@{CoolifyTestbed.Head}", deployed.OutputAs<CoolifyDeployed>()!.Previous);

        var undone = await handler.CompensateAsync(bed.Step(), deployed, new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.RolledBack, undone!.Outcome);
        Assert.Equal(CoolifyTestbed.Head, bed.Simulator.RunningOf(bed.Application.Uuid));
    }

    [Fact]
    public async Task A_first_deployment_cannot_be_undone_because_nothing_ran_before()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        var handler = bed.Handler();
        var deployed = await handler.RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Null(await handler.CompensateAsync(bed.Step(), deployed, new ExecutionState(), CancellationToken.None));
    }
}
