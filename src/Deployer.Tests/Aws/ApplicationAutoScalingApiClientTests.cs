using Deployer.Aws;
using Deployer.Aws.ApplicationAutoScaling;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The Application Auto Scaling client against a real moto server; targets are registered with the AWS CLI.</summary>
[Collection(MotoCollection.Name)]
public sealed class ApplicationAutoScalingApiClientTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task A_service_without_a_scalable_target_has_no_owner_and_a_registered_one_reports_its_range()
    {
        var (cluster, service, _, _) = await EcsApiClientTests.ServiceAsync(moto, _clients);
        var resourceId = ScalableTarget.EcsServiceResourceId(cluster, service);

        Assert.Null(await _clients.ApplicationAutoScaling.DescribeEcsServiceTargetAsync(resourceId, CancellationToken.None));

        var registered = await new AwsCli(moto.Endpoint).ApplicationAutoScalingAsync("register-scalable-target", "--service-namespace", "ecs",
            "--resource-id", resourceId, "--scalable-dimension", "ecs:service:DesiredCount", "--min-capacity", "2", "--max-capacity", "6");
        Assert.True(registered.ExitCode == 0, registered.Stderr);

        Assert.Equal(new ScalableTarget(resourceId, 2, 6),
            await _clients.ApplicationAutoScaling.DescribeEcsServiceTargetAsync(resourceId, CancellationToken.None));
        var other = ScalableTarget.EcsServiceResourceId(cluster, service + "-other");
        Assert.Null(await _clients.ApplicationAutoScaling.DescribeEcsServiceTargetAsync(other, CancellationToken.None));
    }

    [Fact]
    public async Task The_client_signs_for_application_autoscaling_with_its_target_prefix_and_its_own_endpoint_variable()
    {
        using var recorder = new RecordingHandler();
        var environment = moto.Environment(("AWS_ENDPOINT_URL", "http://127.0.0.1:9/"), ("AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING", moto.Endpoint.ToString()));
        using var clients = AwsClients.FromEnvironment(environment, null, TimeProvider.System, recorder);

        Assert.Null(await clients.ApplicationAutoScaling.DescribeEcsServiceTargetAsync("service/none/none", CancellationToken.None));

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("AnyScaleFrontendService.DescribeScalableTargets", request.Target);
        Assert.Contains("/application-autoscaling/aws4_request", request.Authorization);
        Assert.Equal(moto.Endpoint.Port, request.Uri.Port);
        Assert.Empty(ServiceModel.Botocore.ValidateInput("application-autoscaling", "DescribeScalableTargets", request.Body));
        Assert.Equal("""{"ServiceNamespace":"ecs","ResourceIds":["service/none/none"],"ScalableDimension":"ecs:service:DesiredCount"}""", request.Body.ToJsonString());
    }
}
