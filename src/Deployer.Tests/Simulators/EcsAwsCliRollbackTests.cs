using static Deployer.Tests.Simulators.EcsCliScenario;

namespace Deployer.Tests.Simulators;

/// <summary>The AWS CLI reads a circuit-breaker rollback and stops a deployment with rollback.</summary>
public class EcsAwsCliRollbackTests
{
    [Fact]
    public async Task The_CLI_sees_a_circuit_breaker_rollback_and_stops_a_deployment_with_rollback()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:1", "--deployment-configuration",
            "deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100");
        await using var _ = simulator;
        simulator.Faults.MakeUnhealthy("web:crash");
        simulator.Faults.SlowStart("web:slow", TimeSpan.FromMinutes(10));
        await aws.EcsJsonAsync("register-task-definition", "--cli-input-json", TaskDefinitionJson("registry.example/web:crash"));
        await aws.EcsJsonAsync("register-task-definition", "--cli-input-json", TaskDefinitionJson("registry.example/web:slow"));

        var crashing = (await aws.EcsJsonAsync("update-service", "--cluster", "shop", "--service", "web", "--task-definition", "web:2"))["service"]!["currentServiceDeployment"]!.GetValue<string>();
        await WaitForStatusAsync(simulator, crashing, "ROLLBACK_SUCCESSFUL");
        var failed = (await aws.EcsJsonAsync("describe-service-deployments", "--service-deployment-arns", crashing))["serviceDeployments"]![0]!;
        Assert.Equal("TRIGGERED", failed["deploymentCircuitBreaker"]!["status"]!.GetValue<string>());
        Assert.True(failed["deploymentCircuitBreaker"]!["failureCount"]!.GetValue<int>() >= 3);
        Assert.Equal(3, failed["deploymentCircuitBreaker"]!["threshold"]!.GetValue<int>());
        Assert.Equal(failed["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>(), failed["rollback"]!["serviceRevisionArn"]!.GetValue<string>());

        var slow = (await aws.EcsJsonAsync("update-service", "--cluster", "shop", "--service", "web", "--task-definition", "web:3"))["service"]!["currentServiceDeployment"]!.GetValue<string>();
        var stopped = await aws.EcsJsonAsync("stop-service-deployment", "--service-deployment-arn", slow, "--stop-type", "ROLLBACK");
        Assert.Equal(slow, stopped["serviceDeploymentArn"]!.GetValue<string>());
        await WaitForStatusAsync(simulator, slow, "ROLLBACK_SUCCESSFUL");
        var rolledBack = (await aws.EcsJsonAsync("describe-service-deployments", "--service-deployment-arns", slow))["serviceDeployments"]![0]!;
        Assert.Equal("ROLLBACK_SUCCESSFUL", rolledBack["status"]!.GetValue<string>());
        Assert.NotNull(rolledBack["rollback"]!["startedAt"]);

        var again = await aws.EcsAsync("stop-service-deployment", "--service-deployment-arn", slow, "--stop-type", "ROLLBACK");
        Assert.Equal(255, again.ExitCode);
        Assert.Contains("(ConflictException) when calling the StopServiceDeployment operation", again.Stderr);

        var service = (await aws.EcsJsonAsync("describe-services", "--cluster", "shop", "--services", "web"))["services"]![0]!;
        Assert.EndsWith("task-definition/web:1", service["taskDefinition"]!.GetValue<string>());
        Assert.Equal(0, (await aws.EcsAsync("wait", "services-stable", "--cluster", "shop", "--services", "web")).ExitCode);
    }
}
