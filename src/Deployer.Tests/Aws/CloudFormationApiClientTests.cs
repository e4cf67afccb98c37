using Deployer.Aws;
using Deployer.Aws.CloudFormation;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The CloudFormation client against moto, every request checked against botocore's model.</summary>
[Collection(MotoCollection.Name)]
public sealed class CloudFormationApiClientTests(MotoServer moto) : IDisposable
{
    private readonly RecordingHandler _wire = new();
    private AwsClients? _clients;

    private AwsClients Clients => _clients ??= AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System, _wire);

    public void Dispose()
    {
        _clients?.Dispose();
        _wire.Dispose();
    }

    private const string Template = """
        Parameters:
          Name: { Type: String }
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties: { BucketName: !Ref Name }
        Outputs:
          BucketName: { Value: !Ref Bucket }
          Arn: { Value: !GetAtt Bucket.Arn }
        """;

    [Fact]
    public void The_CloudFormation_constant_matches_the_botocore_metadata_of_a_query_protocol_service()
    {
        var metadata = ServiceModel.Botocore.Metadata("cloudformation");

        Assert.Equal(("CloudFormation", "cloudformation", "query"), ((string?)metadata["serviceId"], (string?)metadata["endpointPrefix"], (string?)metadata["protocol"]));
        Assert.Equal(AwsService.CloudFormation.ApiVersion, (string?)metadata["apiVersion"]);
    }

    [Fact]
    public async Task A_change_set_is_created_described_executed_and_the_stack_read_with_its_events()
    {
        var stack = EcrApiClientTests.Name("cfn");
        var bucket = EcrApiClientTests.Name("bucket");
        var cloudFormation = Clients.CloudFormation;

        var id = await cloudFormation.CreateChangeSetAsync(new ChangeSetRequest(stack, "deployer-1", "CREATE", Template, ["CAPABILITY_IAM"],
            [new("Name", bucket)], [new("app", "notes"), new("sha", "5e1ec7ed")]), CancellationToken.None);
        var described = await cloudFormation.DescribeChangeSetAsync(id, CancellationToken.None);
        await cloudFormation.ExecuteChangeSetAsync(id, CancellationToken.None);
        var created = await cloudFormation.DescribeStackAsync(stack, CancellationToken.None);
        var events = await cloudFormation.DescribeStackEventsAsync(stack, CancellationToken.None);

        Assert.Equal(("CREATE_COMPLETE", "AVAILABLE"), (described.Status, described.ExecutionStatus));
        Assert.Equal([new ResourceChange("Add", "Bucket", "AWS::S3::Bucket", null)], described.Changes);
        Assert.Equal(("CREATE_COMPLETE", stack), (created!.Status, created.Name));
        Assert.StartsWith($"arn:aws:cloudformation:{MotoServer.Region}:{MotoServer.AccountId}:stack/{stack}/", created.StackId);
        Assert.Equal("CREATE_COMPLETE", events[0].Status); // newest first
        Assert.All(events, e => Assert.NotEqual(DateTimeOffset.MinValue, e.Timestamp));
        Assert.Empty(_wire.Requests.SelectMany(r => ServiceModel.Botocore.ValidateQueryInput("cloudformation", r.Form!)));
    }

    [Fact]
    public async Task Stack_outputs_are_read_from_DescribeStacks()
    {
        var stack = EcrApiClientTests.Name("cfn");
        var bucket = EcrApiClientTests.Name("bucket");
        // moto gives outputs only to stacks made by CreateStack (not by change sets), so this one is created raw.
        await Clients.QueryClient(AwsService.CloudFormation).SendAsync("CreateStack",
            [new("StackName", stack), new("TemplateBody", Template), new("Parameters.member.1.ParameterKey", "Name"), new("Parameters.member.1.ParameterValue", bucket)],
            CancellationToken.None);

        var described = await Clients.CloudFormation.DescribeStackAsync(stack, CancellationToken.None);

        Assert.Equal(bucket, described!.Outputs["BucketName"]);
        Assert.Equal($"arn:aws:s3:::{bucket}", described.Outputs["Arn"]);
    }

    [Fact]
    public async Task A_stack_that_does_not_exist_is_null_and_an_empty_update_is_a_failed_change_set_saying_so()
    {
        Assert.Null(await Clients.CloudFormation.DescribeStackAsync("no-such-stack", CancellationToken.None));

        var stack = EcrApiClientTests.Name("cfn");
        var request = new ChangeSetRequest(stack, "deployer-1", "CREATE", "Resources: { Topic: { Type: AWS::SNS::Topic } }", [], [], []);
        await Clients.CloudFormation.ExecuteChangeSetAsync(await Clients.CloudFormation.CreateChangeSetAsync(request, CancellationToken.None), CancellationToken.None);
        var again = await Clients.CloudFormation.CreateChangeSetAsync(request with { ChangeSetName = "deployer-2", Type = "UPDATE" }, CancellationToken.None);
        var empty = await Clients.CloudFormation.DescribeChangeSetAsync(again, CancellationToken.None);
        await Clients.CloudFormation.DeleteChangeSetAsync(again, CancellationToken.None);

        Assert.Equal("FAILED", empty.Status);
        Assert.Contains("didn't contain changes", empty.StatusReason);
    }

    [Fact]
    public async Task An_identical_update_refused_outright_is_still_an_empty_change_set_to_the_planner()
    {
        var stack = EcrApiClientTests.Name("cfn");
        var request = new ChangeSetRequest(stack, "deployer-1", "CREATE", Template, [], [new("Name", EcrApiClientTests.Name("bucket"))], []);
        await Clients.CloudFormation.ExecuteChangeSetAsync(await Clients.CloudFormation.CreateChangeSetAsync(request, CancellationToken.None), CancellationToken.None);

        // moto answers CreateChangeSet itself with "No updates are to be performed." when parameters are given.
        var planned = await new Deployer.Providers.Sam.SamChangeSet(Clients.CloudFormation, TimeProvider.System, Deployer.Providers.Sam.StackPolling.Default)
            .CreateAsync(request with { ChangeSetName = "deployer-2", Type = "UPDATE" }, CancellationToken.None);

        Assert.True(planned.Empty);
        Assert.False(planned.Ready);
    }
}
