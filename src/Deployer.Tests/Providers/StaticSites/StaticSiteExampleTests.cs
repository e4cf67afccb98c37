using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>
/// AuthorWorks' UI (examples/authorworks) through ./build.sh DeployStaticSite against moto: deploy, unchanged redeploy,
/// and the bad input that stops with exit code 2 before any upload. (The rest of AuthorWorks needs the SSH provider.)
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class StaticSiteExampleTests(MotoServer moto)
{
    private const string Sha = "4444444444444444444444444444444444444444";

    private sealed record World(StaticSiteTestbed Bed, BuildSurface Surface, string Bucket, string Config) : IDisposable
    {
        public SurfaceResult Deploy() => Surface.Run("DeployStaticSite", "--environment", "production", "--skip", "--config", Config, "--git-sha", Sha);

        public void Dispose()
        {
            Surface.Dispose();
            Bed.Dispose();
        }
    }

    private async Task<World> ArrangeAsync(Func<string, string>? edit = null)
    {
        var bed = await StaticSiteTestbed.StartAsync(moto);
        var bucket = await bed.BucketAsync();
        var surface = new BuildSurface();
        foreach (var (name, value) in moto.Environment()) surface.Environment[name] = value;
        surface.Environment["HOME_SERVER_SSH_KEY"] = "not-used-by-the-ui-step";
        var yaml = File.ReadAllText(Path.Combine(Repository.Root, "examples/authorworks/deploy.yml"))
            .Replace("bucket: authorworks-ui-production", $"bucket: {bucket}")
            .Replace("distributionId: E2ABCDEF123456", $"distributionId: {bed.DistributionId}")
            .Replace("\n    aws:                          # only for the UI bucket and CloudFront\n      account: \"123456789012\"\n      region: us-east-1\n      role: arn:aws:iam::123456789012:role/authorworks-deploy-ui",
                "\n    aws:\n      account: \"123456789012\"\n      region: us-east-1");
        // The SSH registry and home servers belong to another provider: only the UI's part of the environment is kept.
        yaml = yaml[..yaml.IndexOf("    registry:", StringComparison.Ordinal)] + yaml[yaml.IndexOf("    staticSites:", StringComparison.Ordinal)..];
        var config = Path.Combine(bed.Root, "deploy.yml");
        File.WriteAllText(config, edit is null ? yaml : edit(yaml));
        return new World(bed, surface, bucket, config);
    }

    private const string NpmBuild = "        build: cd ui && npm ci && npm run build\n";

    /// <summary>A real build in place of npm's: copies ui/src to ui/dist and writes a variable of its environment into it.</summary>
    private static string CopyBuild(string yaml, string command = "cd ui && rm -rf dist && cp -R src dist && printf %s \"$UI_TITLE\" > dist/title.txt") =>
        yaml.Replace(NpmBuild, $"        build: '{command}'\n        buildEnv: {{ UI_TITLE: AuthorWorks }}\n        buildSecrets: {{ UI_TOKEN: {{ env: UI_TOKEN }} }}\n");

    private static void Site(World world, string folder = "dist")
    {
        var dist = Path.Combine(world.Bed.Root, "ui", folder);
        Directory.CreateDirectory(Path.Combine(dist, "assets"));
        File.WriteAllText(Path.Combine(dist, "index.html"), "<html>authorworks</html>");
        File.WriteAllText(Path.Combine(dist, "assets", "editor.8c1d2e3f.js"), "editor()");
    }

    [Fact]
    public async Task AuthorWorks_UI_is_built_then_deploys_and_an_unchanged_rebuild_uploads_nothing()
    {
        using var world = await ArrangeAsync(yaml => CopyBuild(yaml));
        world.Surface.Environment["UI_TOKEN"] = "ui-token-value-4711";
        Site(world, "src");

        var first = world.Deploy();
        var second = world.Deploy();

        Assert.True(first.ExitCode == 0, first.All);
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("built ui/dist (3 files)", first.All);
        Assert.Contains("nothing uploaded", second.All);
        var objects = await world.Bed.ObjectsAsync(world.Bucket);
        Assert.Equal(["assets/editor.8c1d2e3f.js", "index.html", "title.txt"], objects.Keys);
        Assert.Equal("AuthorWorks", objects["title.txt"].Body);
    }

    [Fact]
    public async Task A_failing_build_fails_with_its_last_lines_scrubbed_and_uploads_nothing()
    {
        using var world = await ArrangeAsync(yaml => CopyBuild(yaml, "echo compiling with $UI_TOKEN; echo vite: syntax error in App.tsx >&2; exit 3"));
        world.Surface.Environment["UI_TOKEN"] = "ui-token-value-4711";
        Site(world, "src");

        var result = world.Deploy();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("build 'echo compiling with $UI_TOKEN; echo vite: syntax error in App.tsx >&2; exit 3' exited with 3; nothing was published", result.All);
        Assert.Contains("vite: syntax error in App.tsx", result.All);
        Assert.DoesNotContain("ui-token-value-4711", result.All);
        Assert.Empty(await world.Bed.ObjectsAsync(world.Bucket, siteOnly: false));
    }

    [Theory]
    [InlineData("mkdir -p ui/out", "'ui/dist' does not exist")]
    [InlineData("mkdir -p ui/dist", "'ui/dist' is empty")]
    [InlineData("mkdir -p ui/dist/assets && echo x > ui/dist/assets/app.js", "'ui/dist' has no index.html at its root")]
    public async Task A_build_that_leaves_no_site_in_the_folder_is_bad_input_naming_the_directory_setting_and_uploads_nothing(string build, string problem)
    {
        using var world = await ArrangeAsync(yaml => CopyBuild(yaml, build));
        world.Surface.Environment["UI_TOKEN"] = "ui-token-value-4711";

        var result = world.Deploy();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"environments.production.staticSites[0].directory: after the build '{build}', {problem}", result.All);
        Assert.Contains("nothing was published", result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal("InvalidInput", System.Text.Json.JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile)).RootElement.GetProperty("outcome").GetString());
        Assert.Empty(await world.Bed.ObjectsAsync(world.Bucket, siteOnly: false));
    }

    [Fact]
    public async Task A_UI_without_index_html_stops_with_exit_code_2_naming_the_directory_before_any_upload()
    {
        using var world = await ArrangeAsync();
        Site(world);
        File.Delete(Path.Combine(world.Bed.Root, "ui", "dist", "index.html"));

        var result = world.Deploy();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("environments.production.staticSites[0].directory: 'ui/dist' has no index.html", result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Empty(await world.Bed.ObjectsAsync(world.Bucket, siteOnly: false));
    }

    [Fact]
    public async Task A_distribution_that_does_not_exist_stops_with_exit_code_2_naming_the_setting_before_any_upload()
    {
        using var world = await ArrangeAsync();
        Site(world);
        File.WriteAllText(world.Config, File.ReadAllText(world.Config).Replace($"distributionId: {world.Bed.DistributionId}", "distributionId: E0NOSUCHDIST00"));

        var result = world.Deploy();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("environments.production.staticSites[0].distributionId: CloudFront distribution E0NOSUCHDIST00 cannot be read", result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Empty(await world.Bed.ObjectsAsync(world.Bucket, siteOnly: false));
    }

    [Fact]
    public async Task A_missing_bucket_and_a_cache_rule_that_matches_nothing_stop_with_exit_code_2()
    {
        using var world = await ArrangeAsync(yaml => yaml
            .Replace("        build: cd ui && npm ci && npm run build\n",
                "        build: cd ui && npm ci && npm run build\n        cacheRules: [{ match: \"fonts/**\", cacheControl: \"public, max-age=60\" }]\n"));
        Site(world);
        File.WriteAllText(world.Config, File.ReadAllText(world.Config).Replace($"bucket: {world.Bucket}", "bucket: no-such-bucket-here"));

        var result = world.Deploy();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("environments.production.staticSites[0].bucket: s3://no-such-bucket-here cannot be read", result.All);
        Assert.Contains("environments.production.staticSites[0].cacheRules[0].match: 'fonts/**' matches no file of 'ui/dist'", result.All);
        Assert.Empty(await world.Bed.ObjectsAsync(world.Bucket, siteOnly: false));
    }
}
