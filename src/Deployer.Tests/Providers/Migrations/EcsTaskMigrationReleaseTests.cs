using Deployer.Providers.Verify;
using Deployer.Providers.Images;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Config;
using Deployer.Providers.Ecs;
using Deployer.Execution;
using Deployer.Providers.Migrations;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Snapshots;
using Deployer.Secrets;
using Deployer.Tests.Aws;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>
/// The community seed's production path wired by the standard providers: RDS (moto) is snapshotted, the migration runs
/// as an ECS task (simulator) reading its connection from Secrets Manager, then the service deploys. Only build and push
/// are stood in for.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class EcsTaskMigrationReleaseTests(MotoServer moto)
{
    private const string Connection = "postgresql://migrator:correct-horse-battery-staple@db.internal:5432/community";
    private const string Pinned = "123456789012.dkr.ecr.us-east-1.amazonaws.com/community-web@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static readonly PollingOptions Fast = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));

    [Fact]
    public async Task A_release_snapshots_the_database_migrates_in_a_task_then_deploys_and_the_connection_value_goes_nowhere()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("web", "example/web:1", 1, family: "community-web",
            customize: d => d["executionRoleArn"] = "arn:aws:iam::123456789012:role/community-web-execution");
        using var admin = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);
        var instance = await RdsApiClientTests.InstanceAsync(admin);
        var secret = EcrApiClientTests.Name("community/db");
        await admin.JsonClient(AwsService.SecretsManager).SendAsync("CreateSecret",
            new JsonObject { ["Name"] = secret, ["SecretString"] = new JsonObject { ["url"] = Connection }.ToJsonString() }, CancellationToken.None);
        var environment = moto.Environment(("AWS_ENDPOINT_URL_ECS", world.Simulator.Endpoint.ToString()));
        var description = ProviderModules.Loader.Load("deploy.yml", $$"""
            app: community
            images:
              web: { context: . }
            migrations:
              tool: command
              directory: .
              runOn: ecsTask
              image: web
              command: [npm, run, migrate]
              service: web
            environments:
              production:
                aws: { account: "123456789012", region: us-east-1 }
                database:
                  connection: { secretsManager: {{secret}}, key: url }
                  snapshot: { instance: {{instance}} }
                cluster: {{EcsWorld.Cluster}}
                services:
                  - { name: web, image: web, desiredCount: 1 }
            """, environment).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("production", EcsWorld.Sha));
        var recorder = new RecordingHandler();
        var log = new List<string>();
        var options = ProviderOptions.Default with
        {
            AwsTransport = recorder,
            Polling = Fast,
            Snapshot = new SnapshotOptions(Fast, TimeSpan.FromSeconds(30)),
            MigrationTask = new MigrationTaskOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            ContainerEngineName = "docker",
        };
        using var providers = await new StandardProviders(environment, new SecretValues(), TimeProvider.System, options)
            .CreateAsync(new ProviderRequest(description, plan, world.Surface.Root, DryRun: false, (step, line) => { lock (log) log.Add($"{step.Id}: {line}"); }),
                CancellationToken.None);
        var images = new StubStepHandler(s => s is BuildImageStep or PushImageStep, s => s is PushImageStep
            ? new StepResult(Outcome.Succeeded, "pushed", new ImagePushed(Pinned, Pinned[(Pinned.IndexOf('@') + 1)..], "sha"))
            : StepResult.Of(Outcome.Succeeded, "built"));

        var release = await new PlanExecutor([images, .. providers.Handlers], new NullExecutionLog(), TimeProvider.System).ExecuteAsync(plan, CancellationToken.None);

        Assert.True(release.Outcome == Outcome.Succeeded, string.Join('\n', release.Steps.Select(s => $"{s.Step.Id}: {s.Result.Outcome} {s.Result.Message}")));
        var snapshot = release.Steps.Single(s => s.Step.Id == "snapshot-database").Result;
        Assert.StartsWith($"community-production-{instance}-", snapshot.Outputs["snapshot"]);
        var migrate = release.Steps.Single(s => s.Step.Id == "migrate").Result;
        Assert.Contains(":task-definition/community-web-migrate:1", migrate.Outputs["task-definition"]);
        var operations = world.Simulator.Exchanges.Select(e => e.Operation).ToList();
        Assert.True(operations.LastIndexOf("RunTask") < operations.IndexOf("UpdateService"), string.Join(", ", operations));
        Assert.Contains($"\"valueFrom\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:{secret}:url::\"",
            world.Simulator.Exchanges.Last(e => e.Operation == "RegisterTaskDefinition" && e.RequestJson.Contains("-migrate")).RequestJson);

        // The value is ECS's to read, inside the VPC: Deployer neither reads it nor sends it, logs it or records it.
        Assert.DoesNotContain(recorder.Requests, r => r.Operation == "GetSecretValue");
        var everything = string.Join('\n', [
            .. recorder.Requests.Select(r => r.Body.ToJsonString() + string.Join('&', r.Form ?? [])),
            .. world.Simulator.Exchanges.Select(e => e.RequestJson + e.ResponseJson),
            .. log,
            .. release.Steps.Select(s => JsonSerializer.Serialize(new { s.Result.Message, s.Result.Outputs, s.Result.Forensics })),
        ]);
        Assert.DoesNotContain("correct-horse-battery-staple", everything);
    }
}
