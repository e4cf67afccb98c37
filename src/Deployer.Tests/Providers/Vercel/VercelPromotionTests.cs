using Deployer.Execution;
using Deployer.Providers.Vercel;

namespace Deployer.Tests.Providers.Vercel;

public sealed class VercelPromotionTests
{
    private static async Task<string> DeployAsync(VercelTestbed bed, string content, bool production)
    {
        bed.Write("index.html", content);
        var result = await bed.Handler().RunAsync(VercelTestbed.Step(production: production), new ExecutionState(), CancellationToken.None);
        return result.OutputAs<VercelDeployed>()!.DeploymentId;
    }

    [Fact]
    public async Task I_can_promote_the_deployment_a_staging_release_recorded_without_a_rebuild()
    {
        await using var bed = await VercelTestbed.StartAsync();
        await DeployAsync(bed, "v1", production: true);
        var staged = await DeployAsync(bed, "v2", production: false);
        var count = bed.Simulator.Deployments.Count;

        var result = await bed.Handler().RunAsync(VercelTestbed.Step() with { RecordedDeployment = staged }, new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(staged, bed.Simulator.ProductionOf("web"));
        Assert.Equal(count, bed.Simulator.Deployments.Count);
    }

    [Fact]
    public async Task I_can_roll_back_production_to_the_deployment_the_last_verified_release_recorded()
    {
        await using var bed = await VercelTestbed.StartAsync();
        var first = await DeployAsync(bed, "v1", production: true);
        await DeployAsync(bed, "v2", production: true);

        var result = await bed.Handler().RunAsync(VercelTestbed.Step() with { RecordedDeployment = first, Rollback = true },
            new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(first, bed.Simulator.ProductionOf("web"));
    }

    [Fact]
    public async Task I_can_rely_on_production_going_back_when_a_later_step_fails()
    {
        await using var bed = await VercelTestbed.StartAsync();
        var first = await DeployAsync(bed, "v1", production: true);
        bed.Write("index.html", "v2");
        var handler = bed.Handler();
        var completed = await handler.RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None);
        Assert.NotEqual(first, bed.Simulator.ProductionOf("web"));

        var compensation = await handler.CompensateAsync(VercelTestbed.Step(), completed, new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.RolledBack, compensation!.Outcome);
        Assert.Equal(first, bed.Simulator.ProductionOf("web"));
    }
}
