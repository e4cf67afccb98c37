using Deployer.Simulators.Ecs;

namespace Deployer.Tests.Simulators;

/// <summary>botocore parses the simulator's errors, and retries them, as it would the service's.</summary>
public class EcsAwsCliErrorTests
{
    [Fact]
    public async Task The_CLI_parses_throttling_and_server_errors_and_retries_them()
    {
        await using var simulator = await EcsSimulator.StartAsync();
        var once = new AwsCli(simulator.Endpoint) { MaxAttempts = 1 };

        simulator.Faults.ThrottleNext(1);
        var throttled = await once.EcsAsync("describe-clusters", "--clusters", "shop");
        Assert.Equal(255, throttled.ExitCode);
        Assert.Contains("An error occurred (ThrottlingException) when calling the DescribeClusters operation", throttled.Stderr);
        Assert.Contains("Rate exceeded", throttled.Stderr);

        simulator.Faults.FailNext(1, "DescribeClusters");
        var failed = await once.EcsAsync("describe-clusters", "--clusters", "shop");
        Assert.Equal(255, failed.ExitCode);
        Assert.Contains("An error occurred (ServerException) when calling the DescribeClusters operation", failed.Stderr);

        simulator.Faults.ThrottleNext(1, "DescribeClusters");
        simulator.Faults.FailNext(1, "DescribeClusters");
        var retried = await new AwsCli(simulator.Endpoint) { MaxAttempts = 3 }.EcsJsonAsync("describe-clusters", "--clusters", "shop");
        Assert.Equal("MISSING", retried["failures"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal([400, 500, 400, 500, 200], simulator.Exchanges.Where(e => e.Operation == "DescribeClusters").Select(e => e.StatusCode));

        var noCluster = await once.EcsAsync("wait", "services-stable", "--cluster", "shop", "--services", "ghost");
        Assert.Equal(255, noCluster.ExitCode);
        Assert.Contains("ClusterNotFoundException", noCluster.Stderr);
        await once.EcsJsonAsync("create-cluster", "--cluster-name", "shop");
        var ghost = await once.EcsAsync("wait", "services-stable", "--cluster", "shop", "--services", "ghost");
        Assert.Equal(255, ghost.ExitCode);
        Assert.Contains("MISSING", ghost.Stderr);
    }
}
