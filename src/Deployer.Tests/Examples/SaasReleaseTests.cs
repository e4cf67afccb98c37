using System.Text.Json;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;

namespace Deployer.Tests.Examples;

/// <summary>
/// The SaaS example end to end through ./build.sh DeployStaging and Promote: migrations (PostgreSQL, Alembic), backend and
/// worker (ECS simulator), the frontend (Vercel simulator), the checks, and one release in the GitHub ledger per run.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SaasReleaseTests(PostgresServer postgres)
{
    [Fact]
    public async Task Staging_releases_everything_as_one_and_Promote_ships_staging_frontend_files_to_production_built_with_production_settings()
    {
        await using var world = await SaasReleaseWorld.StartAsync(postgres);

        var staging = world.DeployStaging();

        Assert.True(staging.ExitCode == 0, staging.All);
        Assert.Equal("Succeeded", world.Outcome);
        foreach (var step in new[] { "migrate", "deploy-ecs:backend", "deploy-ecs:worker", "deploy-vercel:saas-frontend" })
            Assert.Equal("Succeeded", world.ResultStep(step).GetProperty("outcome").GetString());
        Assert.Equal("0003", await postgres.ScalarAsync(world.Databases["staging"], "select version_num from alembic_version"));
        var preview = Assert.Single(world.Vercel.Deployments);
        Assert.False(preview.Production);
        Assert.Null(world.Vercel.ProductionOf(SaasReleaseWorld.Project));
        Assert.Equal(["staging.saas.example.com"], world.Vercel.AliasesOf(preview.Id));
        Assert.Equal("https://api.staging.saas.example.com", preview.Env["NEXT_PUBLIC_API_URL"]);
        var stagingRelease = Assert.Single(await world.LedgerAsync());
        Assert.Equal(("staging", world.Sha), (stagingRelease.GetProperty("environment").GetString(), stagingRelease.GetProperty("sha").GetString()));
        var stagingTargets = stagingRelease.GetProperty("payload").GetProperty("targets");
        Assert.Equal(preview.Id, stagingTargets.GetProperty("deploy-vercel:saas-frontend").GetString());
        Assert.StartsWith("arn:aws:ecs:", stagingTargets.GetProperty("deploy-ecs:backend").GetString());
        var uploads = world.Vercel.Uploads;

        var promotion = world.Run("Promote", "--environment", "production", "--yes");

        Assert.True(promotion.ExitCode == 0, promotion.All);
        Assert.Equal("Succeeded", world.Outcome);
        // Staging's build baked staging's API URL into the bundle: production gets the same files, built with its own.
        Assert.Contains($"redeployed the files of {preview.Id}, not promoted as it is: staging built it with other build-time env (NEXT_PUBLIC_API_URL)", promotion.All);
        var production = world.Vercel.Deployments.Single(d => d.Production);
        Assert.Equal(preview.Id, production.RedeployOf);
        Assert.Equal(preview.Files, production.Files);
        Assert.Equal("https://api.saas.example.com", production.Env["NEXT_PUBLIC_API_URL"]);
        Assert.Equal(production.Id, world.Vercel.ProductionOf(SaasReleaseWorld.Project));
        Assert.Equal(uploads, world.Vercel.Uploads);
        Assert.Equal("0003", await postgres.ScalarAsync(world.Databases["production"], "select version_num from alembic_version"));
        var ledger = await world.LedgerAsync();
        Assert.Equal(["production", "staging"], ledger.Select(d => d.GetProperty("environment").GetString()));
        Assert.Equal(world.Sha, ledger[0].GetProperty("sha").GetString());
        Assert.Equal(production.Id, ledger[0].GetProperty("payload").GetProperty("targets").GetProperty("deploy-vercel:saas-frontend").GetString());
        Assert.DoesNotContain("vercel-saas-token", staging.All + promotion.All + File.ReadAllText(world.Surface.ResultFile));
        Assert.DoesNotContain(GitHubTestbed.Token, staging.All + promotion.All);
    }

    [Fact]
    public async Task Promote_promotes_the_very_deployment_staging_verified_when_production_would_build_it_alike()
    {
        await using var world = await SaasReleaseWorld.StartAsync(postgres,
            yaml => yaml.Replace("NEXT_PUBLIC_API_URL: https://api.saas.example.com", "NEXT_PUBLIC_API_URL: https://api.staging.saas.example.com"));
        var staging = world.DeployStaging();
        Assert.True(staging.ExitCode == 0, staging.All);
        var preview = Assert.Single(world.Vercel.Deployments);

        var promotion = world.Run("Promote", "--environment", "production", "--yes");

        Assert.True(promotion.ExitCode == 0, promotion.All);
        Assert.Contains($"promoted {preview.Id} to production as it is (no rebuild)", promotion.All);
        Assert.Equal(preview.Id, world.Vercel.ProductionOf(SaasReleaseWorld.Project));
        Assert.Single(world.Vercel.Deployments);
    }

    [Fact]
    public async Task A_Vercel_build_error_after_the_services_deployed_puts_the_services_back_and_says_why()
    {
        await using var world = await SaasReleaseWorld.StartAsync(postgres);
        world.Vercel.Faults.FailingBuilds[SaasReleaseWorld.Project] = ["Failed to compile.", "./app/page.tsx: Type error: 'user' is possibly 'null'."];
        // The build is held until both services are live, so the failure comes after them, as it does when Next.js builds slowly.
        world.Vercel.Faults.HeldBuilds[SaasReleaseWorld.Project] = true;

        var run = Task.Run(world.DeployStaging);
        var servicesLive = await Eventually.TrueAsync(() => Task.FromResult(
            ServiceWaitSawSuccess(world, "backend") && ServiceWaitSawSuccess(world, "worker") || run.IsCompleted), TimeSpan.FromMinutes(3));
        world.Vercel.Faults.HeldBuilds.TryRemove(SaasReleaseWorld.Project, out _);
        var result = await run;

        Assert.True(servicesLive && result.ExitCode != 0, result.All);
        Assert.Equal("RolledBack", world.Outcome);
        Assert.Contains("deploy-vercel:saas-frontend failed", result.All);
        Assert.Contains("Command \"npm run build\" exited with 1", result.All);
        Assert.Contains("./app/page.tsx: Type error: 'user' is possibly 'null'.", result.All);
        Assert.Contains("2 deployed step(s) were put back", result.All);
        foreach (var service in new[] { "backend", "worker" })
        {
            Assert.Equal("Succeeded", world.ResultStep($"deploy-ecs:{service}").GetProperty("outcome").GetString());
            Assert.Equal(world.SeededTaskDefinitions[$"saas-staging/{service}"], await world.LiveTaskDefinitionAsync("saas-staging", service));
        }
        Assert.Null(world.Vercel.ProductionOf(SaasReleaseWorld.Project));
        var release = Assert.Single(await world.LedgerAsync());
        var status = (await world.GitHub.Octokit().Repository.Deployment.Status.GetAll("acme", "shop", release.GetProperty("id").GetInt64())).First();
        Assert.NotEqual(Octokit.DeploymentState.Success, status.State.Value);
    }

    /// <summary>
    /// Whether Deployer's wait for the service read its new deployment as SUCCESSFUL and the service after it (the last
    /// two reads before the step ends), as the simulator's exchange log shows.
    /// </summary>
    private static bool ServiceWaitSawSuccess(SaasReleaseWorld world, string service)
    {
        var exchanges = world.Ecs.Simulator.Exchanges;
        var updated = exchanges.ToList().FindIndex(e => e.Operation == "UpdateService" && e.RequestJson.Contains($"\"{service}\"", StringComparison.Ordinal));
        if (updated < 0) return false;
        var successful = exchanges.Skip(updated + 1).ToList().FindIndex(e => e.Operation == "DescribeServiceDeployments"
            && e.RequestJson.Contains($"/{service}/", StringComparison.Ordinal) && e.ResponseJson.Contains("\"SUCCESSFUL\"", StringComparison.Ordinal));
        return successful >= 0 && exchanges.Skip(updated + 1 + successful + 1)
            .Any(e => e.Operation == "DescribeServices" && e.RequestJson.Contains($"\"{service}\"", StringComparison.Ordinal));
    }
}
