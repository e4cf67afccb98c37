using System.Text.Json.Nodes;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>Service settings that must not fight the service: autoscaling's task count, and a single writer on shared storage.</summary>
public class EcsServiceSettingsTests
{
    private static string Description(string settings) => $$"""
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services:
              - name: api
                imageUri: example/api:2
                {{settings}}
        """;

    private static string[] Deploy(EcsWorld world) =>
        ["DeployEcs", "--environment", "staging", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha];

    [Fact]
    public async Task A_service_without_desiredCount_keeps_the_count_its_autoscaling_set()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 3);
        world.Describe(Description("timeoutMinutes: 5"));

        var result = world.Surface.Run(Deploy(world));

        Assert.True(result.ExitCode == 0, result.All);
        var update = Assert.Single(world.Simulator.Exchanges, e => e.Operation == "UpdateService");
        Assert.DoesNotContain("desiredCount", update.RequestJson);
        Assert.Equal(3, (await world.ServiceAsync("api"))["desiredCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_single_writer_is_deployed_with_0_to_100_percent_so_the_old_task_stops_before_the_new_one_starts()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1);
        world.Describe(Description("desiredCount: 1\n        singleWriter: true"));

        var dryRun = world.Surface.Run([.. Deploy(world), "--dry-run"]);
        var result = world.Surface.Run(Deploy(world));

        Assert.True(dryRun.All.Contains("0% – 100% (single writer: the old task stops before the new one starts)"), dryRun.All);
        Assert.True(result.ExitCode == 0, result.All);
        var update = JsonNode.Parse(Assert.Single(world.Simulator.Exchanges, e => e.Operation == "UpdateService").RequestJson)!;
        Assert.Equal(0, update["deploymentConfiguration"]!["minimumHealthyPercent"]!.GetValue<int>());
        Assert.Equal(100, update["deploymentConfiguration"]!["maximumPercent"]!.GetValue<int>());
    }

    [Fact]
    public void A_single_writer_refuses_settings_that_would_run_two_tasks_at_once_naming_each_key()
    {
        var text = Description("singleWriter: true\n        desiredCount: 2\n        minimumHealthyPercent: 50\n        maximumPercent: 200\n        strategy: blueGreen");

        var errors = Deployer.Providers.ProviderModules.Loader.Load("deploy.yml", text, new Dictionary<string, string>())
            .Errors.Select(e => $"{e.Path}: {e.Message}").ToArray();

        Assert.Contains("environments.staging.services[0].minimumHealthyPercent: 'singleWriter: true' stops the old task before the new one starts: minimumHealthyPercent must be 0 or unset", errors);
        Assert.Contains("environments.staging.services[0].maximumPercent: 'singleWriter: true' never runs two tasks at once: maximumPercent must be 100 or unset", errors);
        Assert.Contains("environments.staging.services[0].strategy: 'singleWriter: true' needs 'strategy: rolling': the other strategies run both revisions at once", errors);
        Assert.Contains("environments.staging.services[0].desiredCount: 'singleWriter: true' runs one task: desiredCount must be 1 or unset", errors);
    }

    [Fact]
    public void The_scribe_example_keeps_its_qdrant_a_single_writer_in_every_environment()
    {
        var description = Deployer.Providers.ProviderModules.Loader.Load("examples/scribe/deploy.yml",
            File.ReadAllText(Path.Combine(Support.Repository.Root, "examples/scribe/deploy.yml")), new Dictionary<string, string>());

        Assert.Empty(description.Errors);
        foreach (var environment in description.Description!.Environments.Values)
            Assert.True(Deployer.Providers.Ecs.EcsModule.Services.Of(environment).Single(s => s.Name == "qdrant").SingleWriter);
    }
}
