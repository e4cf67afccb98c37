using Deployer.Tests.Support;
using static Deployer.Tests.Simulators.EcsCliScenario;

namespace Deployer.Tests.Simulators;

/// <summary>The AWS CLI registers, reads and removes Application Auto Scaling targets of simulated ECS services.</summary>
public class EcsAwsCliScalableTargetTests
{
    private static readonly string[] Target = ["--service-namespace", "ecs", "--scalable-dimension", "ecs:service:DesiredCount"];

    [Fact]
    public async Task A_scalable_target_is_registered_updated_described_and_deregistered_and_a_missing_service_is_refused_in_AWS_words()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:1");
        await using var _ = simulator;

        var ghost = await aws.ApplicationAutoScalingAsync(["register-scalable-target", .. Target, "--resource-id", "service/shop/ghost", "--min-capacity", "2", "--max-capacity", "6"]);
        Assert.True(ghost.ExitCode == 255, ghost.Stderr);
        Assert.Contains("An error occurred (ValidationException) when calling the RegisterScalableTarget operation", ghost.Stderr);
        Assert.Contains(": ECS service doesn't exist: service/shop/ghost", ghost.Stderr);

        var registered = await aws.ApplicationAutoScalingAsync(["register-scalable-target", .. Target, "--resource-id", "service/shop/web", "--min-capacity", "2", "--max-capacity", "6"]);
        Assert.True(registered.ExitCode == 0, registered.Stderr);
        Assert.StartsWith("arn:aws:application-autoscaling:us-east-1:", registered.Json["ScalableTargetARN"]!.GetValue<string>());
        var raised = await aws.ApplicationAutoScalingAsync(["register-scalable-target", .. Target, "--resource-id", "service/shop/web", "--max-capacity", "8"]);
        Assert.True(raised.ExitCode == 0, raised.Stderr);

        var described = await aws.ApplicationAutoScalingAsync(["describe-scalable-targets", "--service-namespace", "ecs", "--resource-ids", "service/shop/web"]);
        Assert.True(described.ExitCode == 0, described.Stderr);
        Assert.Empty(ServiceModel.Botocore.ValidateOutput("application-autoscaling", "DescribeScalableTargets", described.Json));
        var target = Assert.Single(described.Json["ScalableTargets"]!.AsArray())!;
        Assert.Equal("service/shop/web", target["ResourceId"]!.GetValue<string>());
        Assert.Equal("ecs:service:DesiredCount", target["ScalableDimension"]!.GetValue<string>());
        Assert.Equal(2, target["MinCapacity"]!.GetValue<int>());
        Assert.Equal(8, target["MaxCapacity"]!.GetValue<int>());
        Assert.Equal(registered.Json["ScalableTargetARN"]!.GetValue<string>(), target["ScalableTargetARN"]!.GetValue<string>());

        var inverted = await aws.ApplicationAutoScalingAsync(["register-scalable-target", .. Target, "--resource-id", "service/shop/web", "--min-capacity", "9"]);
        Assert.Equal(255, inverted.ExitCode);
        Assert.Contains("(ValidationException)", inverted.Stderr);

        var removed = await aws.ApplicationAutoScalingAsync(["deregister-scalable-target", .. Target, "--resource-id", "service/shop/web"]);
        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.Empty((await aws.ApplicationAutoScalingAsync("describe-scalable-targets", "--service-namespace", "ecs")).Json["ScalableTargets"]!.AsArray());
        var again = await aws.ApplicationAutoScalingAsync(["deregister-scalable-target", .. Target, "--resource-id", "service/shop/web"]);
        Assert.Equal(255, again.ExitCode);
        Assert.Contains("An error occurred (ObjectNotFoundException) when calling the DeregisterScalableTarget operation", again.Stderr);
        Assert.Contains(": No scalable target found for service namespace: ecs, resource ID: service/shop/web, scalable dimension: ecs:service:DesiredCount", again.Stderr);
    }

    [Fact]
    public async Task A_denied_read_is_an_AccessDeniedException_the_CLI_parses()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:1");
        await using var _ = simulator;
        simulator.Faults.DenyNext(1, "DescribeScalableTargets");

        var denied = await aws.ApplicationAutoScalingAsync("describe-scalable-targets", "--service-namespace", "ecs");

        Assert.Equal(255, denied.ExitCode);
        Assert.Contains("An error occurred (AccessDeniedException) when calling the DescribeScalableTargets operation", denied.Stderr);
        Assert.Contains("application-autoscaling:DescribeScalableTargets", denied.Stderr);
    }
}
