using Deployer.Execution;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>
/// The build folder is checked again when the deploy step runs (it may have changed since the run's checks): a folder
/// Amplify would serve as 404s is bad input (exit 2) naming the setting, and nothing is stored, reserved or started.
/// </summary>
[Collection(MotoAmplifyCollection.Name)]
public sealed class AmplifyDeployTimeFolderTests(MotoServer moto)
{
    [Theory]
    [InlineData(null, "does not exist (build it first)")]
    [InlineData("", "is empty")]
    [InlineData("app.js", "has no index.html at its root")]
    [InlineData("dist/index.html", "holds only the folder 'dist': point it at that folder, whose contents must be at the zip root")]
    public async Task A_folder_found_unfit_at_execution_is_bad_input_and_nothing_is_deployed(string? file, string problem)
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        if (file is not null) Directory.CreateDirectory(bed.Dist);
        if (file is { Length: > 0 }) bed.Write(file, "x");

        var result = await bed.Handler().RunAsync(bed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.InvalidInput, result.Outcome);
        Assert.Equal($"environments.staging.amplify[0].artifact: {bed.Dist} {problem}; nothing deployed", result.Message);
        Assert.Empty(bed.Simulator.Jobs(AmplifyTestbed.AppId, "staging"));
        Assert.Equal(0, bed.Simulator.Uploads);
        Assert.Empty(await bed.KeysAsync());
    }
}
