using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The botocore validator itself: it must catch each kind of mistake, name where it is, and accept what is right.</summary>
public sealed class ServiceModelTests
{
    private static readonly ServiceModel Model = ServiceModel.Botocore;

    [Theory]
    [InlineData("ecs", "ECS")]
    [InlineData("ecr", "ECR")]
    [InlineData("secretsmanager", "Secrets Manager")]
    [InlineData("sts", "STS")]
    [InlineData("application-autoscaling", "Application Auto Scaling")]
    public void Deployer_service_constants_match_the_botocore_metadata(string botocoreName, string serviceId)
    {
        var service = new[] { AwsService.Ecs, AwsService.Ecr, AwsService.SecretsManager, AwsService.Sts, AwsService.ApplicationAutoScaling }.Single(s => s.ServiceId == serviceId);
        var metadata = Model.Metadata(botocoreName);

        Assert.Equal(serviceId, (string?)metadata["serviceId"]);
        Assert.Equal(service.SigningName, (string?)metadata["signingName"] ?? (string?)metadata["endpointPrefix"]);
        if (botocoreName != "sts") Assert.Equal(service.TargetPrefix, (string?)metadata["targetPrefix"]);
    }

    [Fact]
    public void The_RDS_constant_matches_the_botocore_metadata_of_a_query_protocol_service()
    {
        var metadata = Model.Metadata("rds");

        Assert.Equal(("RDS", "rds", "query"), ((string?)metadata["serviceId"], (string?)metadata["signingName"] ?? (string?)metadata["endpointPrefix"], (string?)metadata["protocol"]));
        Assert.Equal(AwsService.Rds.ApiVersion, (string?)metadata["apiVersion"]);
        Assert.Equal(AwsService.Rds.SigningName, (string?)metadata["endpointPrefix"]);
    }

    [Fact]
    public void A_correct_query_request_has_no_violations()
    {
        var form = Form("Action=CreateDBSnapshot&Version=2014-10-31&DBSnapshotIdentifier=s1&DBInstanceIdentifier=db1&Tags.Tag.1.Key=app&Tags.Tag.1.Value=shop&Tags.Tag.2.Key=env&Tags.Tag.2.Value=prod");

        Assert.Empty(Model.ValidateQueryInput("rds", form));
        Assert.Empty(Model.ValidateQueryInput("rds", Form("Action=DescribeDBSnapshots&Version=2014-10-31&MaxRecords=20&IncludeShared=true&Filters.Filter.1.Name=db-instance-id&Filters.Filter.1.Values.Value.1=db1")));
    }

    [Fact]
    public void Each_kind_of_query_mistake_is_reported()
    {
        var errors = Model.ValidateQueryInput("rds", Form("Action=CreateDBSnapshot&Version=2013-01-10&DBInstanceIdentifier=db1&Tags.member.1.Key=app&Colour=blue"));

        Assert.Equal(
        [
            "$: missing required member DBSnapshotIdentifier (CreateDBSnapshotMessage)",
            "Colour: unknown parameter of CreateDBSnapshot",
            "Tags.member.1.Key: unknown parameter of CreateDBSnapshot",
            "Version: expected 2014-10-31, got 2013-01-10",
        ], errors.Order(StringComparer.Ordinal));
        Assert.Contains("$.MaxRecords: expected integer", Model.ValidateQueryInput("rds", Form("Action=DescribeDBSnapshots&Version=2014-10-31&MaxRecords=many"))[0]);
        Assert.Equal(["Action: botocore has no operation rds.SnapshotEverything"], Model.ValidateQueryInput("rds", Form("Action=SnapshotEverything&Version=2014-10-31")));
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Form(string body) => RecordingHandler.ParseForm(body);

    [Fact]
    public void A_correct_input_has_no_violations()
    {
        var body = JsonNode.Parse("""
            {"cluster":"prod","service":"web","taskDefinition":"web:42","desiredCount":3,"forceNewDeployment":true,
             "deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":100,"strategy":"ROLLING",
               "deploymentCircuitBreaker":{"enable":true,"rollback":true},
               "alarms":{"alarmNames":["5xx"],"enable":true,"rollback":true}}}
            """);

        Assert.Empty(Model.ValidateInput("ecs", "UpdateService", body));
    }

    [Fact]
    public void Each_kind_of_input_mistake_is_reported_with_its_path()
    {
        var body = JsonNode.Parse("""
            {"cluster":"prod","desiredCount":"3","forceNewDeployment":"yes","colour":"blue",
             "deploymentConfiguration":{"strategy":"FAST","maximumPercent":1.5,"alarms":{"alarmNames":"5xx","enable":true}}}
            """);

        var errors = Model.ValidateInput("ecs", "UpdateService", body);

        Assert.Contains(errors, e => e.StartsWith("$: missing required member service"));
        Assert.Contains(errors, e => e.StartsWith("$.desiredCount: expected integer"));
        Assert.Contains(errors, e => e.StartsWith("$.forceNewDeployment: expected boolean"));
        Assert.Contains(errors, e => e.StartsWith("$: unknown member colour"));
        Assert.Contains(errors, e => e.StartsWith("$.deploymentConfiguration.strategy: 'FAST' is not one of ROLLING, BLUE_GREEN"));
        Assert.Contains(errors, e => e.StartsWith("$.deploymentConfiguration.maximumPercent: expected integer"));
        Assert.Contains(errors, e => e.StartsWith("$.deploymentConfiguration.alarms: missing required member rollback"));
        Assert.Contains(errors, e => e.StartsWith("$.deploymentConfiguration.alarms.alarmNames: expected list"));
        Assert.Equal(8, errors.Count);
    }

    [Fact]
    public void Timestamps_maps_longs_and_blobs_are_checked_too()
    {
        Assert.Empty(Model.ValidateInput("ecs", "ListServiceDeployments", JsonNode.Parse("""{"service":"web","createdAt":{"after":1700000000.5}}""")));
        Assert.Contains("$.createdAt.after: expected timestamp (unixTimestamp)",
            Model.ValidateInput("ecs", "ListServiceDeployments", JsonNode.Parse("""{"service":"web","createdAt":{"after":"yesterday"}}"""))[0]);

        var labels = JsonNode.Parse("""{"family":"web","containerDefinitions":[{"name":"app","dockerLabels":{"team":"core","tier":3}}]}""");
        Assert.Equal(["$.containerDefinitions[0].dockerLabels.tier: expected string (String), got number 3"], Model.ValidateInput("ecs", "RegisterTaskDefinition", labels));

        var part = JsonNode.Parse("""{"repositoryName":"r","uploadId":"u","partFirstByte":0,"partLastByte":1,"layerPartBlob":"not base64!"}""");
        Assert.Contains(Model.ValidateInput("ecr", "UploadLayerPart", part), e => e.StartsWith("$.layerPartBlob: expected blob"));
        Assert.Contains(Model.ValidateInput("ecr", "UploadLayerPart", part!.AsObject().With("partFirstByte", 1.5)), e => e.StartsWith("$.partFirstByte: expected long"));
    }

    [Fact]
    public void Outputs_are_validated_against_the_output_shape()
    {
        var good = JsonNode.Parse("""
            {"serviceDeployments":[{"serviceDeploymentArn":"arn:aws:ecs:us-east-1:1:service-deployment/c/s/abc","status":"ROLLBACK_SUCCESSFUL",
              "lifecycleStage":"BAKE_TIME","createdAt":1700000000.123,"targetServiceRevision":{"arn":"arn:rev","requestedTaskCount":2},
              "deploymentCircuitBreaker":{"status":"TRIGGERED","failureCount":3,"threshold":3},
              "rollback":{"reason":"circuit breaker","startedAt":1700000100,"serviceRevisionArn":"arn:old"}}],"failures":[]}
            """);
        var bad = JsonNode.Parse("""{"serviceDeployments":[{"status":"DONE","createdAt":"2024-01-01T00:00:00Z","extra":1}]}""");

        Assert.Empty(Model.ValidateOutput("ecs", "DescribeServiceDeployments", good));
        Assert.Equal(
        [
            "$.serviceDeployments[0].createdAt: expected timestamp (unixTimestamp) (Timestamp), got string \"2024-01-01T00:00:00Z\"",
            "$.serviceDeployments[0].status: 'DONE' is not one of PENDING, SUCCESSFUL, STOPPED, STOP_REQUESTED, IN_PROGRESS, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED (ServiceDeploymentStatus)",
            "$.serviceDeployments[0]: unknown member extra (ServiceDeployment has serviceDeploymentArn, serviceArn, clusterArn, createdAt, startedAt, finishedAt, stoppedAt, updatedAt, sourceServiceRevisions, targetServiceRevision, status, statusReason, lifecycleStage, lifecycleHookDetails, deploymentConfiguration, rollback, deploymentCircuitBreaker, alarms)",
        ], Model.ValidateOutput("ecs", "DescribeServiceDeployments", bad).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Secrets_Manager_members_are_PascalCase_on_the_wire()
    {
        Assert.Empty(Model.ValidateInput("secretsmanager", "GetSecretValue", JsonNode.Parse("""{"SecretId":"prod/db"}""")));
        Assert.Contains("$: unknown member secretId", Model.ValidateInput("secretsmanager", "GetSecretValue", JsonNode.Parse("""{"secretId":"prod/db"}"""))[1]);
    }
}

internal static class JsonObjectTestExtensions
{
    public static JsonObject With(this JsonObject json, string name, JsonNode? value)
    {
        var copy = json.DeepClone().AsObject();
        copy[name] = value;
        return copy;
    }
}
