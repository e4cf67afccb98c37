using CliWrap;
using Deployer.Aws;
using Deployer.Aws.Ecs;
using Deployer.Providers.Ecs;
using Deployer.Simulators.Ecs;
using Deployer.Tests.Simulators;

namespace Deployer.Benchmarks;

/// <summary>
/// Seconds from the simulator marking a service deployment SUCCESSFUL to the client reporting it: Deployer's wait on the
/// service deployment against `aws ecs wait services-stable` (15 s polls), on the same simulator.
/// </summary>
public static class CompletionDetection
{
    private const int Runs = 3;

    public static async Task RunAsync()
    {
        // Deployments take about ten seconds, so both clients are polling (not just starting) when the deployment succeeds.
        await using var simulator = await EcsSimulator.StartAsync(new EcsSimulatorOptions { TaskStartDelay = TimeSpan.FromSeconds(8) });
        using var wire = new EcsWire(simulator.Endpoint);
        await BenchCluster.CreateAsync(wire, TimeSpan.FromSeconds(10), "api");
        using var aws = AwsClients.FromEnvironment(BenchCluster.Environment(simulator.Endpoint), "us-east-1", TimeProvider.System);
        var deploy = new EcsServiceDeploy(aws.Ecs, TimeProvider.System, PollingOptions.Default, _ => { });

        var deployer = new List<TimeSpan>();
        var cli = new List<TimeSpan>();
        for (var i = 0; i < Runs; i++)
        {
            var request = new EcsDeployRequest("bench", "api",
                new ContainerSettings("api", $"example/api:deployer-{i}", [], new Dictionary<string, string>(), new Dictionary<string, string>()),
                null, null, new DeploymentConfiguration(), TimeSpan.FromMinutes(5));
            var result = await deploy.DeployAsync(request, CancellationToken.None);
            var reported = DateTimeOffset.UtcNow;
            deployer.Add(reported - simulator.SucceededAt(result.Outputs["service-deployment"])!.Value);

            var taskDefinition = await BenchCluster.RegisterAsync(wire, "api", $"example/api:cli-{i}");
            var updated = await wire.CallAsync("UpdateService", new { cluster = "bench", service = "api", taskDefinition });
            var arn = updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
            await Cli.Wrap("aws")
                .WithArguments(["--endpoint-url", simulator.Endpoint.ToString(), "--region", "us-east-1", "ecs", "wait", "services-stable", "--cluster", "bench", "--services", "api"])
                .WithEnvironmentVariables(e => e.Set("AWS_ACCESS_KEY_ID", "bench").Set("AWS_SECRET_ACCESS_KEY", "bench-secret"))
                .ExecuteAsync();
            cli.Add(DateTimeOffset.UtcNow - simulator.SucceededAt(arn)!.Value);
            Console.WriteLine($"  run {i + 1}: deployer {deployer[^1].TotalSeconds:0.000} s, aws ecs wait services-stable {cli[^1].TotalSeconds:0.000} s");
        }
        Measure.Report("Deployer, success to report", Measure.Median(deployer), "aws ecs wait services-stable, success to return", Measure.Median(cli),
            "target: Deployer at most 2 s after the simulator's success");
    }
}
