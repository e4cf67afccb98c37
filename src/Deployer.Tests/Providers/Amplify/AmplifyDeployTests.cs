using Deployer.Execution;
using Deployer.Providers.Amplify;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>Manual deploys against the Amplify simulator, with the zips kept in a moto bucket.</summary>
[Collection(MotoAmplifyCollection.Name)]
public sealed class AmplifyDeployTests(MotoServer moto)
{
    [Fact]
    public async Task I_can_deploy_a_build_folder_and_the_branch_serves_its_files()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "<h1>mdreader v1</h1>");
        bed.Write("assets/app.js", "console.log(1)");

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        var deployed = result.OutputAs<AmplifyDeployed>()!;
        var job = Assert.Single(bed.Simulator.Jobs(AmplifyTestbed.AppId, "staging"));
        Assert.Equal(("SUCCEED", job.JobId), (bed.Simulator.StatusOf(job), deployed.JobId));
        Assert.Equal("200 <h1>mdreader v1</h1>", await bed.ServedAsync("staging"));
        Assert.Equal("200 console.log(1)", await bed.ServedAsync("staging", "assets/app.js"));
        var zip = AmplifyZip.FromBytes(job.Zip!);
        Assert.Equal($"s3://{bed.Bucket}/amplify/{AmplifyTestbed.AppId}/{zip.Sha256}.zip", deployed.Zip);
        Assert.Contains($"amplify/{AmplifyTestbed.AppId}/{zip.Sha256}.zip", await bed.KeysAsync());
        Assert.Null(deployed.PreviousZip);
    }

    [Fact]
    public async Task Deploying_an_unchanged_build_again_is_Unchanged_and_starts_no_job()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "<h1>same</h1>");
        var first = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        // A rebuild writes the same bytes at another time: the zip must not change.
        File.SetLastWriteTimeUtc(Path.Combine(bed.Dist, "index.html"), DateTime.UtcNow.AddHours(1));

        var second = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Unchanged, second.Outcome);
        Assert.Single(bed.Simulator.Jobs(AmplifyTestbed.AppId, "staging"));
        Assert.Equal(1, bed.Simulator.Uploads);
        Assert.Equal(first.OutputAs<AmplifyDeployed>()!.Zip, second.OutputAs<AmplifyDeployed>()!.Zip);
    }

    [Fact]
    public async Task A_changed_build_deploys_again_and_remembers_what_served_before()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        var first = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        bed.Write("index.html", "v2");

        var second = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, second.Outcome);
        Assert.Equal(first.OutputAs<AmplifyDeployed>()!.Zip, second.OutputAs<AmplifyDeployed>()!.PreviousZip);
        Assert.Equal("200 v2", await bed.ServedAsync("staging"));
    }

    [Fact]
    public async Task A_failed_job_is_a_failed_step_with_the_reason_Amplify_gives()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        bed.Simulator.Faults.FailingBranches[$"{AmplifyTestbed.AppId}/staging"] = "Zip file is corrupt or exceeds 5 GB";

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.EndsWith("ended FAILED: Zip file is corrupt or exceeds 5 GB", result.Message);
        Assert.Contains("DEPLOY FAILED Zip file is corrupt", result.Forensics);
        Assert.EndsWith($"/{AmplifyTestbed.AppId}/staging/{bed.Simulator.Jobs(AmplifyTestbed.AppId, "staging")[0].JobId}/DEPLOY/log.txt", result.Forensics);
        Assert.DoesNotContain("X-Amz-Security-Token", result.Forensics);
        Assert.StartsWith("404", await bed.ServedAsync("staging"));
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        bed.Simulator.Faults.Next.Enqueue(429);
        bed.Simulator.Faults.Next.Enqueue(503);

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Empty(bed.Simulator.Faults.Next);
    }

    [Fact]
    public async Task A_missing_branch_fails_with_the_error_Amplify_gives_and_starts_nothing()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");

        var result = await bed.Handler().RunAsync(bed.Step("feature"), new ExecutionState(), CancellationToken.None);

        Assert.Equal((Outcome.Failed, "Amplify GetBranch failed: NotFoundException: Branch feature not found."), (result.Outcome, result.Message));
        Assert.Equal(0, bed.Simulator.Uploads);
    }
}
