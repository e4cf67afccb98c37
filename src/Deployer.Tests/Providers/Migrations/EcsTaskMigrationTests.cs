using Deployer.Providers.Images;
using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Config;
using Deployer.Providers.Ecs;
using Deployer.Execution;
using Deployer.Providers.Migrations;
using Deployer.Planning;
using Deployer.Simulators.Ecs;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Migrations;

/// <summary><c>runOn: ecsTask</c> migrations on the ECS simulator: the task they run, how they end, and what they never send.</summary>
public sealed class EcsTaskMigrationTests : IAsyncDisposable
{
    private const string Repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api";
    private const string Pinned = Repository + "@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string Marker = "deployer-migrate/shop/production";
    private static readonly PollingOptions Fast = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));
    private static readonly AwsSpec Account = new() { Account = MotoServer.AccountId, Region = MotoServer.Region };

    private readonly List<string> _log = [];
    private EcsWorld _world = null!;
    private AwsClients _aws = null!;

    private async Task ArrangeAsync(EcsSimulatorOptions? options = null)
    {
        _world = await EcsWorld.StartAsync(options: options);
        await _world.SeedServiceAsync("api", "example/api:1", 1, family: "shop-api", customize: definition =>
        {
            definition["executionRoleArn"] = "arn:aws:iam::123456789012:role/shop-api-execution";
            definition["taskRoleArn"] = "arn:aws:iam::123456789012:role/shop-api";
            var container = definition["containerDefinitions"]![0]!.AsObject();
            // The app's own runtime URL as a plain variable: the migration's secret of the same name must replace it.
            container["environment"]!.AsArray().Add(new JsonObject { ["name"] = "DATABASE_URL", ["value"] = "postgresql://app@db.internal/shop" });
            container["healthCheck"] = new JsonObject { ["command"] = new JsonArray("CMD-SHELL", "curl -f http://localhost:8000/up || exit 1") };
            container["logConfiguration"] = new JsonObject
            {
                ["logDriver"] = "awslogs",
                ["options"] = new JsonObject { ["awslogs-group"] = "/ecs/shop-api", ["awslogs-region"] = "us-east-1", ["awslogs-stream-prefix"] = "app" },
            };
        });
        _world.Simulator.Faults.TaskExitCodes = command => command.Contains("broken") ? 3 : 0;
        _aws = AwsClients.FromEnvironment(_world.Surface.Environment, MotoServer.Region, TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        _aws?.Dispose();
        if (_world is not null) await _world.DisposeAsync();
    }

    private static MigrateStep Migrate(string target = "head", SecretRef? connection = null) => new("migrate", [StepIds.PushImage("api")],
        new MigrationSpec { Tool = MigrationTool.Alembic, Directory = "migrations", Target = target, RunOn = MigrationRunner.EcsTask, Image = "api" },
        connection ?? new SecretRef { SecretsManager = "shop/production/database", Key = "url" },
        new ImageRef("api", Repository, EcsWorld.Sha), EcsWorld.Cluster, "api");

    private EcsTaskMigrationStepHandler Handler(MigrationTaskOptions? options = null) => new(_aws.Ecs, _aws.Ecr,
        new MigrationTaskTarget("shop", "production", Account, new Dictionary<string, string> { ["api"] = "api" }),
        TimeProvider.System, Fast, options ?? new MigrationTaskOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
        (_, line) => { lock (_log) _log.Add(line); });

    private static ExecutionState Pushed()
    {
        var state = new ExecutionState();
        state.Record(StepIds.PushImage("api"), new StepResult(Outcome.Succeeded, "pushed", new ImagePushed(Pinned, Pinned[(Pinned.IndexOf('@') + 1)..], "sha")));
        return state;
    }

    private JsonObject Request(string operation) => JsonNode.Parse(_world.Simulator.Exchanges.Last(e => e.Operation == operation).RequestJson)!.AsObject();

    private bool Logged(string fragment)
    {
        lock (_log) return _log.Any(line => line.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_migration_task_runs_the_pushed_image_with_the_connection_as_an_ECS_secret_and_succeeds_on_exit_code_zero()
    {
        await ArrangeAsync();
        var serviceDefinition = (string)(await _world.ServiceAsync("api"))["taskDefinition"]!;

        var result = await Handler().RunAsync(Migrate(), Pushed(), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Matches("^migration task [0-9a-f]+ exited with code 0$", result.Message);
        Assert.Equal("0", result.Outputs["exit-code"]);
        Assert.EndsWith(":task-definition/shop-api-migrate:1", result.Outputs["task-definition"]);
        Assert.Equal(Pinned, result.Outputs["image"]);

        var registered = Request("RegisterTaskDefinition");
        var container = registered["containerDefinitions"]![0]!.AsObject();
        Assert.Equal("shop-api-migrate", (string?)registered["family"]);
        Assert.Equal("arn:aws:iam::123456789012:role/shop-api-execution", (string?)registered["executionRoleArn"]);
        Assert.Equal(Pinned, (string?)container["image"]);
        Assert.Equal("""["alembic","upgrade","head"]""", container["command"]!.ToJsonString());
        Assert.Equal("""[{"name":"DATABASE_URL","valueFrom":"arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/production/database:url::"}]""",
            container["secrets"]!.ToJsonString());
        Assert.Equal("""[{"name":"LOG_LEVEL","value":"info"}]""", container["environment"]!.ToJsonString());
        Assert.Null(container["healthCheck"]);

        var run = Request("RunTask");
        Assert.Equal(Marker, (string?)run["startedBy"]);
        Assert.Equal(result.Outputs["task-definition"], (string?)run["taskDefinition"]);
        Assert.Equal(EcsTestbed.Network.ToJsonString(), run["networkConfiguration"]!.ToJsonString());
        Assert.Equal("FARGATE", (string?)run["launchType"]);
        Assert.Null(run["overrides"]);
        // The service itself is untouched: it still runs its own task definition.
        Assert.Equal(0, _world.Count("UpdateService"));
        Assert.Equal(serviceDefinition, (string)(await _world.ServiceAsync("api"))["taskDefinition"]!);
    }

    [Fact]
    public async Task A_migration_that_exits_non_zero_stops_the_release_before_any_service_is_updated()
    {
        await ArrangeAsync();
        var push = new StubStepHandler(s => s is StandInStep,
            _ => new StepResult(Outcome.Succeeded, "pushed", new ImagePushed(Pinned, Pinned[(Pinned.IndexOf('@') + 1)..], "sha")));
        var deploy = new EcsStepHandler(_aws.Ecs, _aws.Ecr, _aws.ApplicationAutoScaling, Account, _world.Surface.Root, TimeProvider.System, Fast, (_, _) => { });
        var plan = new DeployPlan("shop", "production", EcsWorld.Sha, PlanMode.Release, Account,
        [
            new StandInStep(StepIds.PushImage("api"), []),
            Migrate(target: "broken"),
            new DeployEcsServiceStep("deploy-ecs:api", ["migrate"], EcsWorld.Cluster, new EcsServiceSpec { Name = "api", Image = "api" }, Migrate().TaskImage),
        ]);

        var release = await new PlanExecutor([push, Handler(), deploy], new NullExecutionLog(), TimeProvider.System).ExecuteAsync(plan, CancellationToken.None);

        Assert.Equal(Outcome.Failed, release.Outcome);
        var migrate = release.Steps.Single(s => s.Step.Id == "migrate").Result;
        Assert.Matches("^migration task [0-9a-f]+ exited with code 3$", migrate.Message);
        Assert.Equal("3", migrate.Outputs["exit-code"]);
        Assert.Contains("container api: exit code 3", migrate.Forensics);
        Assert.Contains("stopped reason: Essential container in task exited", migrate.Forensics);
        Assert.Matches(@"logs: CloudWatch group /ecs/shop-api, stream app/api/[0-9a-f]+", migrate.Forensics);
        Assert.Equal(Outcome.NotRun, release.Steps.Single(s => s.Step.Id == "deploy-ecs:api").Result.Outcome);
        Assert.Equal(0, _world.Count("UpdateService"));
    }

    [Fact]
    public async Task A_migration_task_that_outlives_its_timeout_is_stopped_not_left_running()
    {
        await ArrangeAsync(EcsSimulatorOptions.Default with { RunTaskDuration = TimeSpan.FromHours(1) });

        var result = await Handler(new MigrationTaskOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30))).RunAsync(Migrate(), Pushed(), CancellationToken.None);

        Assert.Equal(Outcome.TimedOut, result.Outcome);
        Assert.Matches("^migration task [0-9a-f]+ still RUNNING after 1 s; stopped it$", result.Message);
        var stop = Request("StopTask");
        Assert.Equal(result.Outputs["task"], (string?)stop["task"]);
        Assert.StartsWith("Deployer: task ", (string?)stop["reason"]);
        Assert.True(await Eventually.TrueAsync(async () => await LastStatusAsync(result.Outputs["task"]) == "STOPPED"));
    }

    [Fact]
    public async Task A_cancelled_release_stops_its_migration_task()
    {
        await ArrangeAsync(EcsSimulatorOptions.Default with { RunTaskDuration = TimeSpan.FromHours(1) });
        using var cancellation = new CancellationTokenSource();

        var run = Handler().RunAsync(Migrate(), Pushed(), cancellation.Token);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(_world.Count("RunTask") == 1)));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var stop = Request("StopTask");
        Assert.Equal("Deployer: the release was cancelled", (string?)stop["reason"]);
        Assert.True(await Eventually.TrueAsync(async () => await LastStatusAsync((string)stop["task"]!) == "STOPPED"));
    }

    [Fact]
    public async Task A_migration_waits_while_another_runs_migration_task_is_running()
    {
        await ArrangeAsync();
        // The other run's task never gets past PENDING until the test stops it.
        _world.Simulator.Faults.SlowStart("example/api:1", TimeSpan.FromHours(1));
        var other = (string)(await _world.Wire.CallAsync("RunTask", new JsonObject
        {
            ["cluster"] = EcsWorld.Cluster, ["taskDefinition"] = "shop-api", ["launchType"] = "FARGATE", ["startedBy"] = Marker,
            ["networkConfiguration"] = EcsTestbed.Network.DeepClone(),
        }))["tasks"]![0]!["taskArn"]!;

        var run = Handler().RunAsync(Migrate(), Pushed(), CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Logged("waiting for migration task"))));
        await Task.Delay(300);
        Assert.Equal(1, _world.Count("RunTask"));
        await _world.Wire.CallAsync("StopTask", new { cluster = EcsWorld.Cluster, task = other, reason = "other run finished" });
        var result = await run;

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(2, _world.Count("RunTask"));
        Assert.True(Logged($"waiting for migration task {other[(other.LastIndexOf('/') + 1)..]} of another run"), string.Join('\n', _log));
    }

    [Fact]
    public async Task A_connection_from_the_runner_environment_is_refused_before_anything_is_registered()
    {
        await ArrangeAsync();

        var result = await Handler().RunAsync(Migrate(connection: new SecretRef { Env = "MIGRATOR_URL" }), Pushed(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.StartsWith("the migration task cannot receive its connection from env:MIGRATOR_URL: ECS injects secrets only from Secrets Manager or SSM", result.Message);
        Assert.Equal(1, _world.Count("RegisterTaskDefinition"));
        Assert.Equal(0, _world.Count("RunTask"));
    }

    [Fact]
    public async Task A_service_without_an_execution_role_is_refused_with_what_to_add()
    {
        _world = await EcsWorld.StartAsync();
        await _world.SeedServiceAsync("api", "example/api:1", 1, family: "shop-api");
        _aws = AwsClients.FromEnvironment(_world.Surface.Environment, MotoServer.Region, TimeProvider.System);

        var result = await Handler().RunAsync(Migrate(), Pushed(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("has no executionRoleArn", result.Message);
        Assert.Equal(0, _world.Count("RunTask"));
    }

    private async Task<string?> LastStatusAsync(string taskArn) =>
        (string?)(await _world.Wire.CallAsync("DescribeTasks", new { cluster = EcsWorld.Cluster, tasks = new[] { taskArn } }))["tasks"]![0]!["lastStatus"];
}
