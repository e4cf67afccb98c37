using Deployer.Execution;
using Deployer.Providers.Vercel;
using Deployer.Providers.Vercel.Api;
using Deployer.Secrets;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Providers.Vercel;

public sealed class VercelDeployTests
{
    [Fact]
    public async Task I_can_deploy_a_folder_to_production_uploading_each_file_once()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "<h1>hello</h1>");
        bed.Write("assets/app.js", "console.log(1)");
        bed.Write("assets/copy.js", "console.log(1)");

        var result = await bed.Handler().RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        var deployed = result.OutputAs<VercelDeployed>()!;
        Assert.Equal(2, bed.Simulator.Uploads); // two distinct contents
        Assert.Equal(deployed.DeploymentId, bed.Simulator.ProductionOf("web"));
        Assert.Equal(3, bed.Simulator.Deployments.Single().Files.Count);
    }

    [Fact]
    public async Task I_can_redeploy_an_unchanged_folder_without_uploading_anything()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "<h1>hello</h1>");
        await bed.Handler().RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None);
        var before = bed.Simulator.Uploads;

        var again = await bed.Handler().RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, again.Outcome);
        Assert.Equal(before, bed.Simulator.Uploads);
        Assert.Contains("nothing uploaded", again.Message);
    }

    [Fact]
    public async Task I_can_see_which_files_vercelignore_leaves_out()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "x");
        bed.Write("secrets/key.txt", "y");
        bed.Write("debug.log", "z");
        bed.Write(".vercelignore", "secrets/\n*.log\n");

        var set = await VercelFileSet.HashAsync(bed.Site, prebuilt: false, CancellationToken.None);

        Assert.Equal(["index.html"], set.Files.Select(f => f.File));
        Assert.Equal("11f6ad8ec52a2984abaafd7c3b516503785c2072", set.Files[0].Sha); // sha1("x")
    }

    [Fact]
    public async Task I_can_read_the_build_log_when_the_build_fails()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "x");
        bed.Simulator.Faults.FailingBuilds["web"] = ["> next build", "Error: Cannot find module 'react'"];

        var result = await bed.Handler().RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("ERROR", result.Message);
        Assert.Contains("Cannot find module 'react'", result.Forensics);
        Assert.Null(bed.Simulator.ProductionOf("web"));
    }

    [Fact]
    public async Task I_can_rely_on_a_deployment_that_outlives_its_timeout_being_cancelled()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "x");
        bed.Simulator.Faults.StuckBuilds["web"] = true;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var run = bed.Handler(time).RunAsync(VercelTestbed.Step(timeoutMinutes: 1), new ExecutionState(), CancellationToken.None);
        while (!run.IsCompleted)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(20));
        }
        var result = await run;

        Assert.Equal(Outcome.TimedOut, result.Outcome);
        Assert.True(bed.Simulator.Deployments.Single().Canceled);
    }

    [Fact]
    public async Task I_can_cancel_a_run_and_the_deployment_is_cancelled_too()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "x");
        bed.Simulator.Faults.StuckBuilds["web"] = true;
        using var cancel = new CancellationTokenSource();

        // Cancelled once the handler has polled the deployment, so it knows its id (the simulator holding it is not enough
        // on a loaded machine: the create's answer may still be on its way).
        var polled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var transport = new PollSignal(polled) { InnerHandler = new HttpClientHandler() };
        using var clients = new VercelClients(bed.Simulator.Endpoint, new Secret("vercel-test-token"), new VercelScope(null), TimeProvider.System, transport);
        var handler = new VercelStepHandler(_ => clients, bed.Root, TimeProvider.System, bed.Check(), TimeSpan.FromMilliseconds(20));

        var run = handler.RunAsync(VercelTestbed.Step(), new ExecutionState(), cancel.Token);
        await polled.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(Outcome.Cancelled, result.Outcome);
        Assert.True(bed.Simulator.Deployments.Single().Canceled);
    }

    [Fact]
    public async Task I_can_deploy_through_rate_limits_and_server_errors()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "x");
        bed.Simulator.Faults.Next.Enqueue((429, 1));
        bed.Simulator.Faults.Next.Enqueue((503, 0));
        bed.Simulator.Faults.Next.Enqueue((500, null));

        var result = await bed.Handler().RunAsync(VercelTestbed.Step(), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Empty(bed.Simulator.Faults.Next);
    }

    [Fact]
    public async Task I_am_told_which_team_was_used_when_the_token_cannot_see_it()
    {
        await using var bed = await VercelTestbed.StartAsync("team_good");
        bed.Write("index.html", "x");

        var result = await bed.Handler().RunAsync(VercelTestbed.Step(team: "acme"), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("team 'acme'", result.Message);
        Assert.Contains("403", result.Message);
        Assert.Empty(bed.Simulator.Deployments);
    }

    [Fact]
    public async Task I_get_a_preview_url_as_the_step_output_for_a_preview()
    {
        await using var bed = await VercelTestbed.StartAsync();
        bed.Write("index.html", "x");

        var result = await bed.Handler().RunAsync(VercelTestbed.Step(production: false), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.StartsWith("https://web-", result.Outputs["url"]);
        Assert.Null(bed.Simulator.ProductionOf("web"));
    }

    private sealed class PollSignal(TaskCompletionSource polled) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.StartsWith("/v13/deployments/", StringComparison.Ordinal)) polled.TrySetResult();
            return response;
        }
    }
}
