using Deployer.Providers.Verify;
using Deployer.Providers.Snapshots;
using Deployer.Providers.Migrations;
using Deployer.Providers.Images;
using Deployer.Providers.Ecs;
using Deployer.Providers;
using Deployer.Config;
using Deployer.Output;
using Deployer.Planning;
using Deployer.Tests.Support;

namespace Deployer.Tests.Examples;

/// <summary>Each example's dry-run plan, for every environment, is pinned in a snapshot next to this file.</summary>
public class ExamplePlanTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    public static TheoryData<string, string> Environments()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Repository.Examples())
        {
            var description = ProviderModules.Loader.LoadFile(file, file, new Dictionary<string, string>()).OrThrow();
            foreach (var environment in description.Environments.Keys)
                data.Add(Path.GetFileName(Path.GetDirectoryName(file))!, environment);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void The_dry_run_plan_of_each_example_is_pinned(string example, string environment)
    {
        var file = Repository.PathOf("examples", example, "deploy.yml");
        var description = ProviderModules.Loader.LoadFile(file, $"examples/{example}/deploy.yml", new Dictionary<string, string>()).OrThrow();

        var plan = PlanText.Render(ProviderModules.Plan(description, new PlanInputs(environment, Sha)), dryRun: true);

        Snapshot.Match(plan, "Examples", "Snapshots", $"{example}.{environment}.txt");
    }

    [Fact]
    public void The_saas_production_release_builds_scans_migrates_and_deploys_backend_worker_and_frontend_together()
    {
        var file = Repository.PathOf("examples", "saas", "deploy.yml");
        var description = ProviderModules.Loader.LoadFile(file, file, new Dictionary<string, string>()).OrThrow();

        var plan = ProviderModules.Plan(description, new PlanInputs("production", Sha));

        Assert.Equal(
            [["build-image:backend"], ["push-image:backend"], ["scan-image:backend"], ["migrate"], ["deploy-ecs:backend", "deploy-ecs:worker", "deploy-vercel:saas-frontend"], ["verify"]],
            plan.Stages.Select(stage => stage.Select(s => s.Id).ToArray()).ToArray());
        var worker = plan.Steps.OfType<DeployEcsServiceStep>().Single(s => s.Service.Name == "worker");
        Assert.Equal("celery", worker.Service.Command[0]);
        Assert.Equal("210987654321.dkr.ecr.me-south-1.amazonaws.com/saas-backend:" + Sha, worker.Image!.ToString());
    }
}
