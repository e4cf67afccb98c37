using Deployer.Execution;
using Deployer.Providers.Amplify;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>Rollback, promotion and compensation redeploy a zip kept in the artifact bucket: no rebuild, no upload to S3.</summary>
[Collection(MotoAmplifyCollection.Name)]
public sealed class AmplifyReleaseTests(MotoServer moto)
{
    [Fact]
    public async Task I_can_roll_back_to_the_zip_a_recorded_release_deployed()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        var v1 = (await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None)).OutputAs<AmplifyDeployed>()!;
        bed.Write("index.html", "v2");
        await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        var keys = await bed.KeysAsync();
        // The build folder is gone: a rollback must not need it.
        Directory.Delete(bed.Dist, recursive: true);

        var result = await bed.Handler().RunAsync(bed.Step() with { RecordedZip = v1.Zip, Rollback = true }, new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Contains("rolled back to the recorded zip", result.Message);
        Assert.Equal(v1.Zip, result.OutputAs<AmplifyDeployed>()!.Zip);
        Assert.Equal("200 v1", await bed.ServedAsync("staging"));
        Assert.Equal(3, bed.Simulator.Jobs(AmplifyTestbed.AppId, "staging").Count);
        Assert.Equal(keys, await bed.KeysAsync());
    }

    [Fact]
    public async Task I_can_promote_the_staging_zip_to_the_production_branch()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "staged");
        var staged = (await bed.Handler().RunAsync(bed.Step("staging"), new ExecutionState(), CancellationToken.None)).OutputAs<AmplifyDeployed>()!;
        bed.Write("index.html", "not what staging tested");

        var result = await bed.Handler().RunAsync(bed.Step("main") with { RecordedZip = staged.Zip }, new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Contains("promoted the recorded zip", result.Message);
        Assert.Equal("200 staged", await bed.ServedAsync("main"));
        var again = await bed.Handler().RunAsync(bed.Step("main") with { RecordedZip = staged.Zip }, new ExecutionState(), CancellationToken.None);
        Assert.Equal(Outcome.Unchanged, again.Outcome);
    }

    [Fact]
    public async Task A_later_failure_puts_the_branch_back_on_the_zip_it_served_before()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        bed.Write("index.html", "v2");
        var step = bed.Step();
        var completed = await bed.Handler().RunAsync(step, new ExecutionState(), CancellationToken.None);

        var compensated = await bed.Handler().CompensateAsync(step, completed, new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.RolledBack, compensated!.Outcome);
        Assert.Equal("200 v1", await bed.ServedAsync("staging"));
    }

    [Fact]
    public async Task A_first_deploy_has_nothing_to_go_back_to()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        var step = bed.Step();
        var completed = await bed.Handler().RunAsync(step, new ExecutionState(), CancellationToken.None);

        Assert.Null(await bed.Handler().CompensateAsync(step, completed, new ExecutionState(), CancellationToken.None));
    }
}
