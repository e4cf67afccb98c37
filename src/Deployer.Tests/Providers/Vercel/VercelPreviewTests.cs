using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Vercel;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>A pull request run previews its change on Vercel and leaves production alone.</summary>
public sealed class VercelPreviewTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static DeployVercelProjectStep PlannedStep(PlanInputs inputs)
    {
        var description = ProviderModules.Loader.Load("deploy.yml", """
            app: shop
            environments:
              staging: { vercel: [{ project: shop-web, directory: web }] }
            """, new Dictionary<string, string>()).OrThrow();
        return ProviderModules.Plan(description, inputs).Steps.OfType<DeployVercelProjectStep>().Single();
    }

    [Fact]
    public void A_pull_request_run_plans_a_preview_of_that_pull_request_even_for_a_production_project()
    {
        var step = PlannedStep(new PlanInputs("staging", Sha, PullRequest: 42));

        Assert.Equal((false, 42), (step.Project.Production, step.PullRequest));
        Assert.EndsWith("as the preview of pull request #42", step.Summary);
    }

    [Fact]
    public void A_run_outside_a_pull_request_deploys_to_production_as_described()
    {
        var step = PlannedStep(new PlanInputs("staging", Sha));

        Assert.Equal((true, (int?)null), (step.Project.Production, step.PullRequest));
        Assert.EndsWith("and promote to production", step.Summary);
    }

    [Fact]
    public async Task I_get_the_preview_URL_of_my_pull_request_while_production_keeps_serving_the_release()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "<h1>v1</h1>");
        var handler = bed.Handler();
        var production = (await handler.RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None)).OutputAs<VercelDeployed>()!;
        bed.Write("index.html", "<h1>v2 from the pull request</h1>");

        var result = await handler.RunAsync(VercelTestbed.Step(production: false) with { PullRequest = 7 }, new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        var preview = result.OutputAs<VercelDeployed>()!;
        Assert.False(preview.Production);
        Assert.Contains(preview.Url, result.Message);
        Assert.NotEqual(production.Url, preview.Url);
        Assert.False(bed.Simulator.Deployments.Single(d => d.Id == preview.DeploymentId).Production);
        Assert.Equal(production.DeploymentId, bed.Simulator.ProductionOf("web"));
        Assert.Equal(2, bed.Simulator.Uploads); // only the changed page went up
        // Nothing to put back: compensating a preview leaves production alone.
        Assert.Null(await handler.CompensateAsync(VercelTestbed.Step(production: false) with { PullRequest = 7 }, result, new ExecutionState(), CancellationToken.None));
    }
}
