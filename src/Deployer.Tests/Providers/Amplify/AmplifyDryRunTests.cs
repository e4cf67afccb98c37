using Deployer.Execution;
using Deployer.Providers.Amplify;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>The dry run: the zip's hash and size, the branch, and whether a job would start; it changes nothing.</summary>
[Collection(MotoAmplifyCollection.Name)]
public sealed class AmplifyDryRunTests(MotoServer moto)
{
    [Fact]
    public async Task The_preview_says_a_job_starts_then_after_a_deploy_that_the_same_build_starts_none()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "v1");
        var previewer = new AmplifyPreviewer(bed.Root, bed.Aws.Amplify, new AmplifyArtifacts(bed.Aws.S3));
        var zip = await AmplifyZip.CreateAsync(bed.Dist, CancellationToken.None);

        var before = await previewer.PreviewAsync(bed.Step(), CancellationToken.None);
        Assert.Equal(
        [
            $"+ zip {zip.Sha256} (1 files, {zip.Bytes.Length} bytes) kept as s3://{bed.Bucket}/amplify/{AmplifyTestbed.AppId}/{zip.Sha256}.zip",
            $"~ branch staging of app {AmplifyTestbed.AppId}: a job starts",
        ], before);
        Assert.Empty(bed.Simulator.Jobs(AmplifyTestbed.AppId, "staging"));
        Assert.Empty(await bed.KeysAsync());

        await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);
        var after = await previewer.PreviewAsync(bed.Step(), CancellationToken.None);

        Assert.StartsWith($"~ branch staging of app {AmplifyTestbed.AppId}: unchanged, serves this zip already (job ", after[1]);
    }

    [Fact]
    public async Task The_preview_names_a_job_left_pending_and_a_missing_build_folder()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        var previewer = new AmplifyPreviewer(bed.Root, bed.Aws.Amplify, new AmplifyArtifacts(bed.Aws.S3));
        Assert.StartsWith("(zip not made: ", (await previewer.PreviewAsync(bed.Step(), CancellationToken.None))[0]);
        bed.Write("index.html", "v1");
        var left = await bed.Aws.Amplify.CreateDeploymentAsync(AmplifyTestbed.AppId, "staging", CancellationToken.None);

        var lines = await previewer.PreviewAsync(bed.Step(), CancellationToken.None);

        Assert.Contains($"a job starts after job {left.JobId} (PENDING since ", lines[1]);
        Assert.EndsWith("is cleared (the deploy refuses while it blocks)", lines[1]);
    }
}
