using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Sam;
using Deployer.Releases;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Sam;

/// <summary>
/// The sam module from description to release record against moto: bad input refused before any change set, the dry
/// run's change set printed and deleted, a release recorded and promoted from its packaged template.
/// </summary>
[Collection(MotoSamCollection.Name)]
public sealed class SamModuleTests(MotoServer moto) : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private SamTestbed _bed = null!;

    public async Task InitializeAsync() => _bed = await SamTestbed.StartAsync(moto);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private DeployDescription Describe(string stack, string template = "app/template.yaml", string capabilities = "[CAPABILITY_IAM, CAPABILITY_AUTO_EXPAND]") =>
        ProviderModules.Loader.Load("deploy.yml", $$"""
            app: notes
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                sam: [{ stack: {{stack}}, template: {{template}}, s3Bucket: {{_bed.Bucket}}, capabilities: {{capabilities}}, parameters: { Stage: staging } }]
              production:
                aws: { account: "123456789012", region: us-east-1 }
                promotesFrom: staging
                sam: [{ stack: {{stack}}-prod, template: {{template}}, s3Bucket: {{_bed.Bucket}}, parameters: { Stage: production } }]
            """, _bed.Environment).OrThrow();

    private async Task<ProviderSet> ProvidersAsync(DeployDescription description, DeployPlan plan, bool dryRun) =>
        await new StandardProviders(_bed.Environment, _bed.Secrets, TimeProvider.System, ProviderOptions.Default with { AwsTransport = _bed.Front })
            .CreateAsync(new ProviderRequest(description, plan, _bed.Root, dryRun, (_, line) => _bed.Log.Add(line)), CancellationToken.None);

    [Theory]
    [InlineData("app/missing.yaml", null, "template app/missing.yaml does not exist")]
    [InlineData("app/bad.yaml", "Resources: [unclosed", "template app/bad.yaml is not YAML or JSON (line 2, column 1): While parsing a flow sequence")]
    [InlineData("app/bad.yaml", "Description: no resources", "template app/bad.yaml is not a template: it has no 'Resources'")]
    [InlineData("app/bad.yaml", "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Code: src/notes, Handler: app.handler, Runtime: python1.0, Role: arn:aws:iam::123456789012:role/r }\n",
        "template app/bad.yaml fails cfn-lint: line 4: E3030")]
    [InlineData("app/bad.yaml", "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: src/gone, Handler: app.handler, Runtime: python3.12 }\n",
        "template app/bad.yaml: Resources.Fn.Properties.CodeUri 'src/gone' does not exist")]
    public async Task Bad_input_is_refused_naming_the_place_before_any_change_set(string template, string? content, string expected)
    {
        if (content is not null) _bed.Write(template, content);
        var stack = SamTestbed.StackName();
        var description = Describe(stack, template);
        var plan = ProviderModules.Plan(description, new PlanInputs("staging", Sha));

        using var providers = await ProvidersAsync(description, plan, dryRun: false);

        Assert.Contains($"sam stack '{stack}': {expected}", providers.Problems["sam"]);
        Assert.DoesNotContain("CreateChangeSet", _bed.Front.Actions);
    }

    [Fact]
    public async Task A_capability_the_template_needs_but_the_description_does_not_grant_is_refused()
    {
        var stack = SamTestbed.StackName();
        var description = Describe(stack, capabilities: "[CAPABILITY_IAM]");

        using var providers = await ProvidersAsync(description, ProviderModules.Plan(description, new PlanInputs("staging", Sha)), dryRun: false);

        Assert.Equal($"sam stack '{stack}': template app/template.yaml needs CAPABILITY_AUTO_EXPAND, which 'capabilities' does not grant", providers.Problems["sam"]);
    }

    [Fact]
    public void A_stack_without_an_artifact_bucket_is_a_description_error_naming_it()
    {
        var result = ProviderModules.Loader.Load("deploy.yml", """
            app: notes
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                sam: [{ stack: notes, template: t.yaml, capabilities: [CAPABILITY_MAGIC] }]
            """, _bed.Environment);

        Assert.Contains(result.Errors, e => e.Path == "environments.staging.sam[0].s3Bucket");
        Assert.Contains(result.Errors, e => e.Path == "environments.staging.sam[0].capabilities" && e.Message.Contains("CAPABILITY_MAGIC"));
    }

    [Fact]
    public async Task The_dry_run_prints_the_change_set_and_deletes_it_leaving_nothing_behind()
    {
        var stack = SamTestbed.StackName();
        var description = Describe(stack);
        var plan = ProviderModules.Plan(description, new PlanInputs("staging", Sha));
        using var providers = await ProvidersAsync(description, plan, dryRun: true);
        var step = plan.Steps.OfType<DeploySamStackStep>().Single();

        var lines = await providers.Previewers.Single(p => p.Previews(step)).PreviewAsync(step, CancellationToken.None);

        Assert.DoesNotContain(providers.Handlers, h => h.Handles(step));
        Assert.Contains($"change set (CREATE) of stack {stack}:", lines);
        Assert.Contains("+ Add NotesFunction (AWS::Lambda::Function)", lines);
        Assert.Contains("+ Add NotesFunctionRole (AWS::IAM::Role)", lines);
        Assert.Contains(lines, l => l.StartsWith($"+ Resources.NotesFunction.Properties.CodeUri → s3://{_bed.Bucket}/deployer/", StringComparison.Ordinal));
        Assert.Equal(["DescribeStacks", "CreateChangeSet", "DescribeChangeSet", "DeleteChangeSet", "DeleteStack"], _bed.Front.Actions);
        Assert.Null(await _bed.Clients.CloudFormation.DescribeStackAsync(stack, CancellationToken.None));
        Assert.Equal(0, (await _bed.Clients.S3.ListObjectsV2Async(new() { BucketName = _bed.Bucket })).KeyCount ?? 0);
        Assert.Empty(_bed.Front.Violations);
    }

    [Fact]
    public async Task A_release_records_its_packaged_template_and_a_promotion_deploys_it_without_a_rebuild()
    {
        var stack = SamTestbed.StackName();
        var description = Describe(stack);
        var staging = ProviderModules.Plan(description, new PlanInputs("staging", Sha));
        ReleaseResult released;
        using (var providers = await ProvidersAsync(description, staging, dryRun: false))
            released = await new PlanExecutor(providers.Handlers, new SilentLog(), TimeProvider.System).ExecuteAsync(staging, CancellationToken.None);
        var release = ReleaseFacts.From(released, ProviderModules.All);
        var deployed = released.Steps.Single().Result.OutputAs<SamDeployed>()!;

        var promotion = ProviderModules.Plan(description, new PlanInputs("production", Sha, PlanMode.Promotion,
            new LedgerEntry("1", release, ReleaseStatus.Success, DateTimeOffset.UnixEpoch).AsShipped()));
        var step = promotion.Steps.OfType<DeploySamStackStep>().Single();

        Assert.Equal(Outcome.Succeeded, released.Outcome);
        Assert.Equal(deployed.Template, release.Targets[$"deploy-sam:{stack}"]);
        Assert.Equal(deployed.Template, step.RecordedTemplate);
        Assert.Equal(("app", "notes"), (step.Tags[0].Key, step.Tags[0].Value));
    }

    private sealed class SilentLog : IExecutionLog
    {
        public void StepStarted(Step step) { }
        public void StepFinished(Step step, StepResult result, TimeSpan duration) { }
        public void Compensating(Step step) { }
    }
}
