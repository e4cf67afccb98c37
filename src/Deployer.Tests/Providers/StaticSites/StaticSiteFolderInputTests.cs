using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>
/// A site with no build command whose folder is missing, empty or has no index.html: exit 2 through ./build.sh's targets,
/// one line naming the directory setting, before anything is uploaded (the run's checks, against moto).
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class StaticSiteFolderInputTests(MotoServer moto)
{
    [Theory]
    [InlineData(null, "'dist' does not exist")]
    [InlineData("", "'dist' is empty")]
    [InlineData("assets/app.3f9a1c2b.js", "'dist' has no index.html at its root")]
    public async Task A_folder_that_is_no_site_stops_with_exit_code_2_naming_the_directory_before_any_upload(string? file, string problem)
    {
        using var bed = await StaticSiteTestbed.StartAsync(moto);
        var bucket = await bed.BucketAsync();
        if (file is not null) Directory.CreateDirectory(bed.Directory);
        if (file is { Length: > 0 }) bed.Write(file, "x");
        var config = Path.Combine(bed.Root, "deploy.yml");
        File.WriteAllText(config, $$"""
            app: docs
            environments:
              production:
                aws: { account: "123456789012", region: us-east-1 }
                staticSites: [{ name: ui, directory: dist, bucket: {{bucket}}, distributionId: {{bed.DistributionId}} }]
            """);
        using var surface = new BuildSurface();
        foreach (var (name, value) in moto.Environment()) surface.Environment[name] = value;

        var result = surface.Run("DeployProduction", "--skip", "--config", config, "--git-sha", "5555555555555555555555555555555555555555");

        Assert.True(result.ExitCode == 2, result.All);
        Assert.Single(result.All.Split('\n'), line => line.Contains($"environments.production.staticSites[0].directory: {problem}", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal("InvalidInput", System.Text.Json.JsonDocument.Parse(File.ReadAllText(surface.ResultFile)).RootElement.GetProperty("outcome").GetString());
        Assert.Empty(await bed.ObjectsAsync(bucket, siteOnly: false));
    }
}
