using Deployer.Execution;
using Deployer.Output;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Vercel;
using Deployer.Providers.Vercel.Api;
using Deployer.Releases;
using Deployer.Secrets;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>
/// The dry run of a Vercel step against what Vercel already has: the files that would upload by SHA-1 against the
/// file trees of the production deployment and the project's recent READY deployments, the domains that would switch, and nothing created (the simulator sees only GETs).
/// </summary>
public sealed class VercelDryRunTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static async Task<IReadOnlyList<string>> DryRunAsync(VercelTestbed bed, DeployVercelProjectStep step, string? token)
    {
        var clients = new List<VercelClients>();
        try
        {
            var previewer = new VercelPreviewer(bed.Root, token is null ? null : spec =>
            {
                var made = new VercelClients(bed.Simulator.Endpoint, new Secret(token), new VercelScope(spec.Team), TimeProvider.System);
                clients.Add(made);
                return made;
            });
            return await previewer.PreviewAsync(step, CancellationToken.None);
        }
        finally
        {
            foreach (var made in clients) made.Dispose();
        }
    }

    [Fact]
    public async Task With_a_token_only_the_files_production_lacks_would_upload_and_its_domains_would_switch()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "<h1>v1</h1>");
        bed.Write("assets/app.js", "console.log(1)");
        bed.Write("assets/deep/logo.svg", "<svg/>");
        var deployed = await bed.Handler().RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None);
        Assert.Equal(Outcome.Succeeded, deployed.Outcome);
        var production = bed.Simulator.ProductionOf("web");
        bed.Simulator.AddDomain("web", "shop.example.com");
        bed.Simulator.AddDomain("web", "www.shop.example.com");
        bed.Write("index.html", "<h1>v2, twenty-one bytes</h1>"[..21]);
        bed.Write("assets/new.css", "body{}");
        var before = bed.Simulator.Requests.Count;

        var lines = await DryRunAsync(bed, VercelTestbed.Step(), "vercel-test-token");

        Assert.Contains($"+ 2 files (27 bytes) to upload, 2 already on Vercel (compared with the files of production deployment {production})", lines);
        Assert.Contains(lines, l => l.StartsWith("~ target production") && l.Contains("shop.example.com, www.shop.example.com switch to it after /"));
        var asked = bed.Simulator.Requests.Skip(before).ToArray();
        Assert.All(asked, r => Assert.StartsWith("GET ", r));
        Assert.Contains($"GET /v6/deployments/{production}/files", asked);
        Assert.Contains("GET /v9/projects/web/domains", asked);
        Assert.Single(bed.Simulator.Deployments);
    }

    [Fact]
    public async Task Content_a_recent_preview_holds_counts_as_already_on_Vercel_not_only_what_production_holds()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "<h1>v1</h1>");
        Assert.Equal(Outcome.Succeeded, (await bed.Handler().RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None)).Outcome);
        var production = bed.Simulator.ProductionOf("web");
        bed.Write("assets/app.js", "console.log(2)");
        Assert.Equal(Outcome.Succeeded, (await bed.Handler().RunAsync(VercelTestbed.Step(production: false), new ExecutionState(), CancellationToken.None)).Outcome);
        var preview = bed.Simulator.Deployments[^1].Id;
        bed.Write("assets/new.css", "body{}");
        var before = bed.Simulator.Requests.Count;

        var lines = await DryRunAsync(bed, VercelTestbed.Step(), "vercel-test-token");

        Assert.Contains($"+ 1 files (6 bytes) to upload, 2 already on Vercel (compared with the files of production deployment {production} and recent deployment {preview})", lines);
        var asked = bed.Simulator.Requests.Skip(before).ToArray();
        Assert.All(asked, r => Assert.StartsWith("GET ", r));
        Assert.Contains("GET /v6/deployments", asked);
        Assert.Contains($"GET /v6/deployments/{preview}/files", asked);
        Assert.Equal(2, bed.Simulator.Deployments.Count);
    }

    [Fact]
    public async Task Without_a_token_every_file_is_counted_and_the_line_says_it_was_not_compared()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "<h1>v1</h1>");
        bed.Write("assets/app.js", "console.log(1)");

        var lines = await DryRunAsync(bed, VercelTestbed.Step(), token: null);

        Assert.Contains("+ 2 files (25 bytes) to upload; not compared with Vercel (no token)", lines);
        Assert.Empty(bed.Simulator.Requests);
    }

    [Fact]
    public async Task A_project_without_production_yet_uploads_everything_and_a_refused_token_is_said_not_thrown()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "<h1>v1</h1>");

        var fresh = await DryRunAsync(bed, VercelTestbed.Step(), "vercel-test-token");
        var refused = await DryRunAsync(bed, VercelTestbed.Step(), "not-the-token");

        Assert.Contains("+ 1 files (11 bytes) to upload, 0 already on Vercel (the project has no production deployment)", fresh);
        Assert.Contains(refused, l => l.StartsWith("+ 1 files (11 bytes) to upload; not compared with Vercel (Vercel answered HTTP 401"));
        Assert.DoesNotContain(refused, l => l.Contains("not-the-token"));
        Assert.All(bed.Simulator.Requests, r => Assert.StartsWith("GET ", r));
        Assert.Empty(bed.Simulator.Deployments);
    }

    [Fact]
    public void A_promotion_or_rollback_dry_run_publishes_the_deployment_it_would_point_production_at_and_no_preview_url()
    {
        var promote = VercelTestbed.Step() with { RecordedDeployment = "dpl_000000000007" };
        var rollback = promote with { Rollback = true };
        var redeploy = promote with { RedeployBecause = "staging built it with other build-time env (API_URL)" };

        (string Id, string Url) Published(Step step)
        {
            var outputs = new ActionOutputs();
            new VercelModule().PublishPlanned(step, outputs);
            var values = outputs.Render().ToDictionary();
            return (values["vercel-deployment-id"], values["vercel-preview-url"]);
        }

        Assert.Equal(("dpl_000000000007", ""), Published(promote));
        Assert.Equal(("dpl_000000000007", ""), Published(rollback));
        Assert.Equal(("", ""), Published(redeploy)); // a new deployment would be built: its id is not known before
        Assert.Equal(("", ""), Published(VercelTestbed.Step()));
    }
}
