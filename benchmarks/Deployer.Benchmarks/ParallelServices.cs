using Deployer.Aws;
using Deployer.Config;
using Deployer.Providers.Ecs;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Simulators.Ecs;
using Deployer.Tests.Simulators;

namespace Deployer.Benchmarks;

/// <summary>Two ECS services deployed as one stage of a plan against the same two deployed one after the other.</summary>
public static class ParallelServices
{
    private const int Runs = 3;

    public static async Task RunAsync()
    {
        // Tasks take two seconds to start, so each deployment takes a few seconds, as a small one does in ECS.
        await using var simulator = await EcsSimulator.StartAsync(new EcsSimulatorOptions { TaskStartDelay = TimeSpan.FromSeconds(2) });
        using var wire = new EcsWire(simulator.Endpoint);
        await BenchCluster.CreateAsync(wire, TimeSpan.FromSeconds(4), "backend", "worker");
        using var aws = AwsClients.FromEnvironment(BenchCluster.Environment(simulator.Endpoint), "us-east-1", TimeProvider.System);
        var handler = new EcsStepHandler(aws.Ecs, aws.Ecr, aws.ApplicationAutoScaling, new AwsSpec { Account = "123456789012", Region = "us-east-1" }, ".",
            TimeProvider.System, PollingOptions.Default, (_, _) => { });
        var executor = new PlanExecutor([handler], new SilentLog(), TimeProvider.System);

        var parallel = new List<TimeSpan>();
        var sequential = new List<TimeSpan>();
        for (var i = 0; i < Runs; i++)
        {
            parallel.Add(await Measure.TimeAsync(() => Expect(executor.ExecuteAsync(Plan($"p{i}", sequential: false), CancellationToken.None))));
            sequential.Add(await Measure.TimeAsync(() => Expect(executor.ExecuteAsync(Plan($"s{i}", sequential: true), CancellationToken.None))));
            Console.WriteLine($"  run {i + 1}: together {parallel[^1].TotalSeconds:0.000} s, one after the other {sequential[^1].TotalSeconds:0.000} s");
        }
        Measure.Report("backend and worker together", Measure.Median(parallel), "one after the other", Measure.Median(sequential), "target: at most 0.6");
    }

    private static DeployPlan Plan(string version, bool sequential)
    {
        Step Service(string name, string[] after) => new DeployEcsServiceStep($"deploy-ecs:{name}", after, "bench",
            new EcsServiceSpec { Name = name, ImageUri = $"example/{name}:{version}", DesiredCount = 2 }, null);
        return new DeployPlan("bench", "staging", version, PlanMode.Release, null,
            [Service("backend", []), Service("worker", sequential ? ["deploy-ecs:backend"] : [])]);
    }

    private static async Task Expect(Task<ReleaseResult> run)
    {
        var result = await run;
        if (result.Outcome != Outcome.Succeeded) throw new InvalidOperationException($"benchmark deploy ended {result.Outcome}: {result.Message}");
    }

    private sealed class SilentLog : IExecutionLog
    {
        public void StepStarted(Step step) { }
        public void StepFinished(Step step, StepResult result, TimeSpan duration) { }
        public void Compensating(Step step) { }
    }
}
