using Deployer.Execution;
using Deployer.Providers.Sam;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Sam;

/// <summary>The SAM step against moto (CloudFormation, S3, Lambda, IAM) with the Serverless transform expanded by aws-sam-translator.</summary>
[Collection(MotoSamCollection.Name)]
public sealed class SamDeployTests(MotoServer moto) : IAsyncLifetime
{
    private SamTestbed _bed = null!;

    public async Task InitializeAsync() => _bed = await SamTestbed.StartAsync(moto);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task I_can_create_a_stack_whose_functions_really_exist_with_their_code_uploaded_by_content()
    {
        var stack = SamTestbed.StackName();

        var result = await _bed.DeployAsync(_bed.Spec(stack));

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        var deployed = result.OutputAs<SamDeployed>()!;
        Assert.Equal(("CREATE_COMPLETE", 2, 2), (deployed.Status, deployed.ArtifactKeys.Count, deployed.Uploaded));
        // moto leaves a stack created by a change set without outputs; CloudFormationApiClientTests reads them from DescribeStacks.
        Assert.All(deployed.ArtifactKeys, key => Assert.Matches("^deployer/[0-9a-f]{64}\\.zip$", key));
        Assert.Equal($"s3://{_bed.Bucket}/deployer/templates/{deployed.TemplateHash}.yaml", deployed.Template);
        var functions = await _bed.FunctionsAsync();
        var notes = functions.Single(f => f.Key.StartsWith(stack + "-NotesFunction", StringComparison.Ordinal));
        Assert.Equal("staging", notes.Value["STAGE"]);
        Assert.Equal("hello from us-east-1", notes.Value["GREETING"]);
        Assert.Contains(functions.Keys, name => name.StartsWith(stack + "-HealthFunction", StringComparison.Ordinal));
        Assert.Empty(_bed.Front.Violations);
    }

    [Fact]
    public async Task Redeploying_the_same_code_is_unchanged_uploads_nothing_and_leaves_no_change_set()
    {
        var stack = SamTestbed.StackName();
        var first = await _bed.DeployAsync(_bed.Spec(stack));

        var again = await _bed.DeployAsync(_bed.Spec(stack));

        Assert.Equal(Outcome.Succeeded, first.Outcome);
        Assert.Equal(Outcome.Unchanged, again.Outcome);
        Assert.Equal(0, again.OutputAs<SamDeployed>()!.Uploaded);
        Assert.Equal(first.OutputAs<SamDeployed>()!.TemplateHash, again.OutputAs<SamDeployed>()!.TemplateHash);
        Assert.Equal(["CreateChangeSet", "DescribeChangeSet", "DeleteChangeSet"], _bed.Front.Actions.Where(a => a.Contains("ChangeSet")).TakeLast(3));
        Assert.Empty(_bed.Front.Violations);
    }

    [Fact]
    public async Task Changed_code_is_uploaded_alone_and_updates_the_stack_with_its_tags()
    {
        var stack = SamTestbed.StackName();
        var first = (await _bed.DeployAsync(_bed.Spec(stack))).OutputAs<SamDeployed>()!;
        _bed.Write("app/src/health/app.py", "def handler(event, context):\n    return {'statusCode': 200, 'body': 'still ok'}\n");

        var result = await _bed.DeployAsync(_bed.Spec(stack));

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        var second = result.OutputAs<SamDeployed>()!;
        Assert.Equal(("UPDATE_COMPLETE", 1), (second.Status, second.Uploaded));
        Assert.Single(second.ArtifactKeys.Except(first.ArtifactKeys));
        var update = _bed.Front.Requests.Last(r => r.Any(f => f is { Key: "Action", Value: "CreateChangeSet" }));
        Assert.Contains(new KeyValuePair<string, string>("ChangeSetType", "UPDATE"), update);
        Assert.Contains(new KeyValuePair<string, string>("Tags.member.3.Value", "5e1ec7ed"), update);
        Assert.Contains(new KeyValuePair<string, string>("Capabilities.member.2", "CAPABILITY_AUTO_EXPAND"), update);
        Assert.Empty(_bed.Front.Violations);
    }

    [Fact]
    public async Task A_promotion_deploys_the_recorded_template_without_packaging_again()
    {
        var staging = (await _bed.DeployAsync(_bed.Spec(SamTestbed.StackName("staging")))).OutputAs<SamDeployed>()!;
        Directory.Delete(Path.Combine(_bed.Root, "app", "src"), recursive: true); // nothing local is read

        var production = SamTestbed.StackName("production");
        var result = await _bed.DeployAsync(_bed.Spec(production), recorded: staging.Template);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        var promoted = result.OutputAs<SamDeployed>()!;
        Assert.Equal((staging.Template, staging.TemplateHash, 0), (promoted.Template, promoted.TemplateHash, promoted.Uploaded));
        Assert.Contains((await _bed.FunctionsAsync()).Keys, name => name.StartsWith(production + "-NotesFunction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Throttling_and_server_errors_of_CloudFormation_are_retried_and_the_deploy_succeeds()
    {
        _bed.Front.Fail("DescribeStacks", System.Net.HttpStatusCode.TooManyRequests, 2);
        _bed.Front.Fail("CreateChangeSet", System.Net.HttpStatusCode.ServiceUnavailable, 1);

        var result = await _bed.DeployAsync(_bed.Spec(SamTestbed.StackName()));

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(2, _bed.Front.Actions.Count(a => a == "CreateChangeSet"));
    }

    [Fact]
    public async Task A_secret_parameter_is_read_when_deploying_and_registered_so_it_never_reaches_output()
    {
        const string secret = "greeting-that-is-secret-7781";
        var spec = _bed.Spec(SamTestbed.StackName()) with
        {
            SecretParameters = new Dictionary<string, Deployer.Config.SecretRef> { ["Greeting"] = new() { Env = "NOTES_GREETING" } },
        };
        _bed.Extra["NOTES_GREETING"] = secret;

        var result = await _bed.DeployAsync(spec);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.True(_bed.Secrets.Reveals($"value {secret}"));
        Assert.DoesNotContain(secret, result.Message + string.Join('\n', _bed.Log));
        Assert.Contains((await _bed.FunctionsAsync()).Values, variables => variables.GetValueOrDefault("GREETING") == $"{secret} from us-east-1");
    }
}
