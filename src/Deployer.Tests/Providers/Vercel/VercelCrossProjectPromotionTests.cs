using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Vercel;
using Deployer.Releases;
using Deployer.Secrets;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>
/// Staging and production in different Vercel projects: a promotion gives production the very files staging verified,
/// by the SHAs its release recorded (Vercel already stores them), never the local checkout.
/// </summary>
public sealed class VercelCrossProjectPromotionTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static readonly DeployDescription Description = ProviderModules.Loader.Load("deploy.yml", """
        app: shop
        environments:
          staging:
            vercel: [{ project: web-staging, directory: site, production: false }]
          production:
            promotesFrom: staging
            vercel: [{ project: web, directory: site, production: true }]
        """, new Dictionary<string, string>()).OrThrow();

    private static async Task<(ShippedRelease Release, StepResult Result)> ReleaseStagingAsync(VercelTestbed bed)
    {
        var plan = ProviderModules.Plan(Description, new PlanInputs("staging", Sha));
        var step = plan.Steps.OfType<DeployVercelProjectStep>().Single();
        var result = await bed.Handler().RunAsync(step, new ExecutionState(), CancellationToken.None);
        var builder = new ReleaseBuilder();
        new VercelModule().Record(new StepRecord(step, result, null, null), builder);
        var release = builder.Build(plan, null);
        return (new ShippedRelease("7", "staging", Sha, PlanMode.Release, "success", DateTimeOffset.UtcNow, release.Images, release.Targets), result);
    }

    private static DeployVercelProjectStep PlanPromotion(ShippedRelease source) =>
        ProviderModules.Plan(Description, new PlanInputs("production", Sha, PlanMode.Promotion, source)).Steps.OfType<DeployVercelProjectStep>().Single();

    [Fact]
    public async Task Promotion_to_another_project_ships_the_files_staging_recorded_by_SHA_and_uploads_nothing()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Simulator.AddDomain("web", "shop.example.com");
        bed.Write("index.html", "<h1>verified on staging</h1>");
        bed.Write("assets/app.js", "console.log('staging build')");
        var (staging, stagingResult) = await ReleaseStagingAsync(bed);
        Assert.Equal(Outcome.Succeeded, stagingResult.Outcome);
        var staged = bed.Simulator.Deployments.Single();
        // The checkout moves on after staging: none of this may reach production.
        bed.Write("index.html", "<h1>unverified local change</h1>");
        bed.Write("extra.html", "new file");
        var uploads = bed.Simulator.Uploads;

        var step = PlanPromotion(staging);
        var result = await bed.Handler().RunAsync(step, new ExecutionState(), CancellationToken.None);

        Assert.Equal((staged.Id, "web-staging", 2), (step.RecordedDeployment, step.SourceProject, step.RecordedFiles!.Count));
        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(uploads, bed.Simulator.Uploads);
        var production = bed.Simulator.Deployments.Single(d => d.Project == "web");
        Assert.Equal(staged.Files.OrderBy(f => f.Key), production.Files.OrderBy(f => f.Key));
        Assert.Equal(production.Id, bed.Simulator.ProductionOf("web"));
        Assert.Contains($"redeployed the 2 recorded files of {staged.Id} by SHA (nothing uploaded)", result.Message);
        Assert.Contains("project 'web-staging', production is project 'web'", result.Message);
        Assert.Equal(0, result.OutputAs<VercelDeployed>()!.Uploaded);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, bed.Simulator.Endpoint) { Headers = { Host = "shop.example.com" } };
        Assert.Equal("<h1>verified on staging</h1>", await (await http.SendAsync(request)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dry_run_of_such_a_promotion_says_it_redeploys_the_recorded_files_and_reads_no_checkout()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "<h1>staging</h1>");
        var (staging, _) = await ReleaseStagingAsync(bed);
        Directory.Delete(bed.Site, recursive: true);

        var lines = await new VercelPreviewer(bed.Root).PreviewAsync(PlanPromotion(staging), CancellationToken.None);

        Assert.Contains(lines, l => l.Contains("from the 1 recorded files of dpl_") && l.Contains("nothing uploaded, checkout not read"));
        Assert.Contains(lines, l => l.Contains("domains of 'web' switch to it after its check"));
    }

    [Fact]
    public async Task A_staging_release_without_a_file_list_is_refused_before_anything_is_created()
    {
        var source = new ShippedRelease("7", "staging", Sha, PlanMode.Release, "success", DateTimeOffset.UtcNow,
            new Dictionary<string, string>(), new Dictionary<string, string> { ["deploy-vercel:web-staging"] = "dpl_000000000001" });
        var plan = ProviderModules.Plan(Description, new PlanInputs("production", Sha, PlanMode.Promotion, source));
        var environment = new Dictionary<string, string> { ["VERCEL_TOKEN"] = "vercel-test-token" };
        var context = new ProviderContext(new ProviderRequest(Description, plan, Path.GetTempPath(), false, (_, _) => { }), environment,
            new SecretValues(), TimeProvider.System, ProviderOptions.Default, null);

        await new VercelModule().ProvideAsync(context, CancellationToken.None);

        using var set = context.ToSet();
        var problem = set.Problems[VercelModule.Id];
        Assert.Contains("recorded no file list for project 'web-staging'", problem);
        Assert.DoesNotContain('\n', problem);
    }
}
