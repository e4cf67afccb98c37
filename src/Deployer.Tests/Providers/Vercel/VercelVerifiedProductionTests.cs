using Deployer.Execution;
using Deployer.Providers.Vercel;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>
/// Production goes live only after verification: it is created without its custom domains, checked on its own
/// deployment URL, and only then promoted, so the domain serves the old deployment until the new one passed.
/// </summary>
public sealed class VercelVerifiedProductionTests
{
    private const string Domain = "www.shop.example.com";

    private static async Task<string> ServedAsync(VercelTestbed bed, string host)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, bed.Simulator.Endpoint);
        request.Headers.Host = host;
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<StepResult> DeployAsync(VercelTestbed bed, string content, VercelCheckSpec? check = null, Func<Task>? duringCheck = null)
    {
        bed.Write("index.html", content);
        var step = VercelTestbed.Step();
        if (check is not null) step = step with { Project = step.Project with { Check = check } };
        var handler = duringCheck is null ? bed.Handler() : bed.Handler(check: bed.Check(observe: duringCheck));
        return await handler.RunAsync(step, new ExecutionState(), CancellationToken.None);
    }

    [Fact]
    public async Task The_domain_serves_the_old_deployment_while_the_new_one_is_checked_and_switches_once_it_passed()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Simulator.AddDomain("web", Domain);
        var first = (await DeployAsync(bed, "<h1>v1</h1>")).OutputAs<VercelDeployed>()!.DeploymentId;
        Assert.Equal("<h1>v1</h1>", await ServedAsync(bed, Domain));
        var servedDuringCheck = new List<string>();

        var result = await DeployAsync(bed, "<h1>v2</h1>", new VercelCheckSpec { Contains = "v2" },
            async () => servedDuringCheck.Add(await ServedAsync(bed, Domain)));

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.NotEmpty(servedDuringCheck);
        Assert.All(servedDuringCheck, served => Assert.Equal("<h1>v1</h1>", served));
        var second = result.OutputAs<VercelDeployed>()!;
        Assert.Equal((second.DeploymentId, first), (bed.Simulator.ProductionOf("web"), second.PreviousProduction));
        Assert.Equal("<h1>v2</h1>", await ServedAsync(bed, Domain));
        var created = bed.Simulator.Deployments.Single(d => d.Id == second.DeploymentId);
        Assert.True(created.Production);
        Assert.False(created.AutoAssignCustomDomains);
        Assert.Contains("checked and promoted", result.Message);
    }

    [Fact]
    public async Task A_deployment_that_fails_its_check_is_never_promoted_and_the_domain_stays_on_the_old_one()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Simulator.AddDomain("web", Domain);
        var first = (await DeployAsync(bed, "<h1>v1</h1>")).OutputAs<VercelDeployed>()!.DeploymentId;

        var result = await DeployAsync(bed, "<h1>oops</h1>", new VercelCheckSpec { Contains = "v2", TimeoutSeconds = 1 });

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("not promoted", result.Message);
        Assert.Contains($"production still serves {first}", result.Message);
        Assert.Contains("without \"v2\"", result.Message);
        Assert.Equal(first, bed.Simulator.ProductionOf("web"));
        Assert.Equal("<h1>v1</h1>", await ServedAsync(bed, Domain));
        // The refused deployment exists and is READY on its own URL: only the domain never moved to it.
        var refused = bed.Simulator.Deployments.Last();
        Assert.Equal("<h1>oops</h1>", await ServedAsync(bed, refused.Url));
    }

    [Fact]
    public async Task A_first_production_deployment_that_fails_its_check_leaves_the_project_without_production()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Simulator.AddDomain("web", Domain);

        var result = await DeployAsync(bed, "<h1>v1</h1>", new VercelCheckSpec { Path = "/health", TimeoutSeconds = 1 });

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("answered 404, expected 200", result.Message);
        Assert.Contains("production still serves nothing", result.Message);
        Assert.Null(bed.Simulator.ProductionOf("web"));
        Assert.Equal("DEPLOYMENT_NOT_FOUND", await ServedAsync(bed, Domain));
    }
}
