using System.Text.Json.Nodes;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>The plan holds the exact request fields of an ECS deploy, and execution sends what the plan holds.</summary>
public class EcsConcretePlanTests
{
    private const string Yaml = """
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services:
              - name: api
                imageUri: example/api:2
                command: [gunicorn, app:main]
                desiredCount: 2
                minimumHealthyPercent: 50
                strategy: canary
                canaryPercent: 10
                bakeMinutes: 1
                alarms: [api-5xx]
                environment: { MODE: web }
                secrets:
                  DATABASE_URL: { secretsManager: shop/db, key: url }
                  API_TOKEN: { ssm: /shop/token }
        """;

    private static string[] Deploy(EcsWorld world, params string[] extra) =>
        ["DeployEcs", "--environment", "staging", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha, .. extra];

    [Fact]
    public async Task The_dry_runs_json_holds_the_exact_UpdateService_and_container_fields_that_the_deploy_then_sends()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Describe(Yaml);

        var dryRun = world.Surface.Run(Deploy(world, "--dry-run", "--output", "json"));
        var deploy = world.Surface.Run(Deploy(world));

        Assert.True(dryRun.ExitCode == 0, dryRun.All);
        Assert.True(deploy.ExitCode == 0, deploy.All);
        var planned = JsonNode.Parse(dryRun.Out)!["steps"]!.AsArray().Single(s => (string?)s!["id"] == "deploy-ecs:api")!["request"]!;
        var update = JsonNode.Parse(Assert.Single(world.Simulator.Exchanges, e => e.Operation == "UpdateService").RequestJson)!;
        var plannedUpdate = planned["updateService"]!;
        // Every member the plan holds is sent as planned; a member the description leaves unset keeps the live value.
        var sentConfiguration = update["deploymentConfiguration"]!.AsObject();
        foreach (var (member, value) in plannedUpdate["deploymentConfiguration"]!.AsObject())
            Assert.True(JsonNode.DeepEquals(value, sentConfiguration[member]), $"{member}: planned {value?.ToJsonString()}, sent {sentConfiguration[member]?.ToJsonString()}");
        Assert.Equal(["maximumPercent"], sentConfiguration.Select(p => p.Key).Except(plannedUpdate["deploymentConfiguration"]!.AsObject().Select(p => p.Key)));
        Assert.Equal(200, (int?)sentConfiguration["maximumPercent"]);
        Assert.Equal((string?)plannedUpdate["cluster"], (string?)update["cluster"]);
        Assert.Equal((string?)plannedUpdate["service"], (string?)update["service"]);
        Assert.Equal((int?)plannedUpdate["desiredCount"], (int?)update["desiredCount"]);
        Assert.Equal("CANARY", (string?)plannedUpdate["deploymentConfiguration"]!["strategy"]);

        var register = JsonNode.Parse(world.Simulator.Exchanges.Last(e => e.Operation == "RegisterTaskDefinition").RequestJson)!;
        var sent = register["containerDefinitions"]!.AsArray().Single(c => (string?)c!["name"] == "api")!;
        var container = planned["container"]!;
        Assert.Equal((string?)container["image"], (string?)sent["image"]);
        Assert.True(JsonNode.DeepEquals(container["command"], sent["command"]), sent.ToJsonString());
        Assert.Equal(Pairs(container["secrets"], "valueFrom"), Pairs(sent["secrets"], "valueFrom"));
        Assert.Subset(Pairs(sent["environment"], "value"), Pairs(container["environment"], "value"));
        Assert.Contains(("DATABASE_URL", "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db:url::"), Pairs(container["secrets"], "valueFrom"));
    }

    private static HashSet<(string, string)> Pairs(JsonNode? array, string member) =>
        [.. array!.AsArray().Select(p => ((string)p!["name"]!, (string)p[member]!))];
}
