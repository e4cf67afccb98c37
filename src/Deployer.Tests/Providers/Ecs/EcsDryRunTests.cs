using System.Text.Json;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>The dry run compares the plan with what is live, and changes nothing, ever.</summary>
[Collection(MotoCollection.Name)]
public class EcsDryRunTests(Xunit.Abstractions.ITestOutputHelper output, MotoServer moto)
{
    [Fact]
    public async Task The_saas_dry_run_shows_the_task_definition_diff_against_the_live_services_and_changes_nothing()
    {
        await using var world = await EcsWorld.StartAsync(region: "me-south-1", cluster: "saas-staging");
        // The example names aws.role: the live read assumes it first, through moto's STS.
        world.Surface.Environment["AWS_ENDPOINT_URL_STS"] = moto.Endpoint.ToString();
        await world.SeedServiceAsync("backend", "example/backend:old", 2, cluster: "saas-staging", family: "saas-backend");
        await world.SeedServiceAsync("worker", "example/backend:old", 1, cluster: "saas-staging", family: "saas-worker");
        var mutations = new[] { "RegisterTaskDefinition", "UpdateService", "StopServiceDeployment", "RunTask" }.Sum(world.Count);

        var text = world.Surface.Run("DeployStaging", "--dry-run", "--skip", "--config", "examples/saas/deploy.yml", "--git-sha", EcsWorld.Sha);
        var json = world.Surface.Run("DeployStaging", "--dry-run", "--skip", "--output", "json", "--config", "examples/saas/deploy.yml", "--git-sha", EcsWorld.Sha);

        output.WriteLine(text.Out);
        Assert.True(text.ExitCode == 0, text.All);
        var lines = text.Out.Split('\n').Select(l => l.TrimEnd()).ToArray();
        var live = Array.IndexOf(lines, "Against what is live:");
        Assert.True(live > 0, text.Out);
        var backend = lines.Skip(live).SkipWhile(l => l != "  deploy-ecs:backend").Skip(1).TakeWhile(l => l.StartsWith("    ")).ToArray();
        var worker = lines.Skip(live).SkipWhile(l => l != "  deploy-ecs:worker").Skip(1).TakeWhile(l => l.StartsWith("    ")).ToArray();
        Assert.Contains(backend, l => l.StartsWith("    - ") && l.Contains("\"image\": \"example/backend:old\""));
        Assert.Contains(backend, l => l.StartsWith("    + ") && l.Contains($"\"image\": \"123456789012.dkr.ecr.me-south-1.amazonaws.com/saas-backend:{EcsWorld.Sha}\""));
        Assert.Contains(backend, l => l.StartsWith("    + ") && l.Contains("arn:aws:secretsmanager:me-south-1:123456789012:secret:saas/staging/db/app_user:url::"));
        Assert.Contains("    ~ desiredCount: 2 → 1", backend);
        Assert.DoesNotContain(backend, l => l.Contains("LOG_LEVEL") && l.StartsWith("    - "));
        Assert.Contains(worker, l => l.StartsWith("    + ") && l.Contains("\"celery\""));
        Assert.Equal(mutations, new[] { "RegisterTaskDefinition", "UpdateService", "StopServiceDeployment", "RunTask" }.Sum(world.Count));

        using var document = JsonDocument.Parse(json.Out);
        var diff = document.RootElement.GetProperty("live").GetProperty("diff").GetProperty("deploy-ecs:backend");
        Assert.Contains(diff.EnumerateArray(), l => l.GetString()!.StartsWith("+ ") && l.GetString()!.Contains("saas-backend:"));
    }
}
