using Deployer.Aws.Ecs;
using Deployer.Providers.Ecs;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>"Unchanged" is only said of a completed deployment: the decision, as a table.</summary>
public class InFlightDeploymentTests
{
    private static EcsService Service(params EcsDeployment[] deployments) => new()
    {
        ServiceName = "api", ServiceArn = "arn:aws:ecs:us-east-1:1:service/shop/api", TaskDefinition = "arn:td/api:4", Deployments = deployments,
        CurrentServiceDeployment = "arn:sd/1",
    };

    private static EcsDeployment Deployment(string status, string taskDefinition, string rollout) =>
        new() { Id = status + taskDefinition, Status = status, TaskDefinition = taskDefinition, RolloutState = rollout };

    private static ServiceDeployment Current(string status) => new() { ServiceDeploymentArn = "arn:sd/1", Status = status };

    [Theory]
    [InlineData("PENDING")]
    [InlineData("IN_PROGRESS")]
    [InlineData("ROLLBACK_REQUESTED")]
    [InlineData("ROLLBACK_IN_PROGRESS")]
    [InlineData("STOP_REQUESTED")]
    public void A_service_deployment_that_has_not_finished_is_in_flight_and_remembers_what_ran_before(string status)
    {
        var live = Service(Deployment("PRIMARY", "arn:td/api:4", "IN_PROGRESS"), Deployment("ACTIVE", "arn:td/api:2", "COMPLETED"));

        Assert.Equal(new InFlightDeployment("arn:sd/1", "arn:td/api:4", "arn:td/api:2"), InFlightDeployment.Of(live, Current(status)));
    }

    [Theory]
    [InlineData("SUCCESSFUL")]
    [InlineData("ROLLBACK_SUCCESSFUL")]
    [InlineData("STOPPED")]
    public void A_finished_service_deployment_is_not_in_flight(string status) =>
        Assert.Null(InFlightDeployment.Of(Service(Deployment("PRIMARY", "arn:td/api:4", "COMPLETED")), Current(status)));

    [Fact]
    public void Without_service_deployments_an_active_deployment_beside_the_primary_means_in_flight() =>
        Assert.Equal(new InFlightDeployment(null, "arn:td/api:4", "arn:td/api:2"),
            InFlightDeployment.Of(Service(Deployment("PRIMARY", "arn:td/api:4", "IN_PROGRESS"), Deployment("ACTIVE", "arn:td/api:2", "COMPLETED")), null));

    [Fact]
    public void Without_service_deployments_a_lone_completed_primary_is_not_in_flight() =>
        Assert.Null(InFlightDeployment.Of(Service(Deployment("PRIMARY", "arn:td/api:4", "COMPLETED"), Deployment("INACTIVE", "arn:td/api:2", "COMPLETED")), null));
}
