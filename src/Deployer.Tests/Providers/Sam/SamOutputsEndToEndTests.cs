using Amazon.S3;
using Deployer.Aws;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Sam;
using Deployer.Releases;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Sam;

/// <summary>
/// A stack's output feeding a frontend build, from description to bucket against moto: the stack is deployed, then the
/// site is built with the output's real value in its environment and published; the release records the output.
/// </summary>
[Collection(MotoSamCollection.Name)]
public sealed class SamOutputsEndToEndTests(MotoServer moto) : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private SamTestbed _bed = null!;

    public async Task InitializeAsync() => _bed = await SamTestbed.StartAsync(moto);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_static_site_built_after_the_stack_holds_the_stacks_real_output_and_the_release_records_it()
    {
        var (stack, siteBucket) = await ExistingStackAndSiteBucketAsync();

        var result = await RunAsync(stack, siteBucket, """mkdir -p dist && printf '%s' "$VITE_API_URL" > dist/config.txt && echo '<html>ui</html>' > dist/index.html""");

        var apiUrl = (await _bed.Clients.CloudFormation.DescribeStackAsync(stack, CancellationToken.None))!.Outputs["ApiUrl"];
        using var config = await _bed.Clients.S3.GetObjectAsync(siteBucket, "config.txt");
        var built = await new StreamReader(config.ResponseStream).ReadToEndAsync();
        var sam = result.Steps.Single(s => s.Step.Id == $"deploy-sam:{stack}");
        var build = result.Steps.Single(s => s.Step.Id == "build-static-site:ui");
        Assert.True(result.Outcome == Outcome.Succeeded, $"{result.Message}\n{string.Join("\n", result.Steps.Select(s => $"{s.Step.Id}: {s.Result.Message}"))}");
        Assert.Equal("UPDATE_COMPLETE", sam.Result.OutputAs<SamDeployed>()!.Status);
        Assert.Matches(@"^https://[a-z0-9.-]+\.s3\.amazonaws\.com/api$", apiUrl);
        Assert.Equal(apiUrl, built);
        Assert.True(build.StartedAt >= sam.FinishedAt, "the build started before the stack it reads was deployed");
        Assert.Equal(apiUrl, ReleaseFacts.From(result, ProviderModules.All).Targets[$"output:sam.{stack}.ApiUrl"]);
        Assert.Empty(_bed.Front.Violations);
    }

    [Fact]
    public async Task A_frontend_build_that_fails_after_the_stack_was_updated_puts_the_stack_back()
    {
        var (stack, siteBucket) = await ExistingStackAndSiteBucketAsync();

        // This release adds a bucket to the stack (moto keeps a stack's first parameters, so a template change is what shows).
        _bed.Write("api/next.yaml", SamTestbed.ApiTemplate.Replace("Outputs:", $"  Assets:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: {stack}-assets\nOutputs:"));

        var result = await RunAsync(stack, siteBucket, """test -n "$VITE_API_URL" && echo "no build for $VITE_API_URL" && exit 3""", "api/next.yaml");

        var sam = result.Steps.Single(s => s.Step.Id == $"deploy-sam:{stack}");
        var buckets = (await _bed.Clients.S3.ListBucketsAsync()).Buckets?.Select(b => b.BucketName) ?? [];
        Assert.Equal(Outcome.RolledBack, result.Outcome);
        Assert.Equal(Outcome.Succeeded, sam.Result.Outcome);
        Assert.Equal(Outcome.Succeeded, sam.Compensation?.Outcome);
        Assert.DoesNotContain($"{stack}-assets", buckets);
        Assert.Contains(_bed.Log, line => line.StartsWith("no build for https://", StringComparison.Ordinal));
        Assert.Equal(Outcome.NotRun, result.Steps.Single(s => s.Step.Id == "deploy-static-site:ui").Result.Outcome);
        Assert.Empty(_bed.Front.Violations);
    }

    /// <summary>
    /// The API stack (Stage=staging) and an empty site bucket. moto gives outputs only to stacks made by CreateStack, not
    /// by change sets: the stack exists from an earlier release, and the run updates it by change set like any later release.
    /// </summary>
    private async Task<(string Stack, string SiteBucket)> ExistingStackAndSiteBucketAsync()
    {
        var stack = SamTestbed.StackName("api");
        var siteBucket = $"site-{Guid.NewGuid():N}"[..24];
        await _bed.Clients.S3.PutBucketAsync(siteBucket);
        _bed.Write("api/template.yaml", SamTestbed.ApiTemplate);
        await _bed.Clients.QueryClient(AwsService.CloudFormation).SendAsync("CreateStack",
            [new("StackName", stack), new("TemplateBody", SamTestbed.ApiTemplate), new("Parameters.member.1.ParameterKey", "Stage"), new("Parameters.member.1.ParameterValue", "staging")],
            CancellationToken.None);
        return (stack, siteBucket);
    }

    /// <summary>Plans and runs a release that updates the stack (Stage=next, <paramref name="template"/>) and builds the site with <paramref name="build"/> reading its ApiUrl.</summary>
    private async Task<ReleaseResult> RunAsync(string stack, string siteBucket, string build, string template = "api/template.yaml")
    {
        var description = ProviderModules.Loader.Load("deploy.yml", $$$"""
            app: mdreader
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                sam: [{ stack: {{{stack}}}, template: {{{template}}}, s3Bucket: {{{_bed.Bucket}}}, capabilities: [], parameters: { Stage: next } }]
                staticSites:
                  - name: ui
                    directory: dist
                    bucket: {{{siteBucket}}}
                    build: '{{{build.Replace("'", "''")}}}'
                    buildEnv: { VITE_API_URL: "{{sam.{{{stack}}}.ApiUrl}}" }
            """, _bed.Environment).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("staging", Sha));
        using var providers = await new StandardProviders(_bed.Environment, _bed.Secrets, TimeProvider.System, ProviderOptions.Default with { AwsTransport = _bed.Front })
            .CreateAsync(new ProviderRequest(description, plan, _bed.Root, false, (_, line) => { lock (_bed.Log) _bed.Log.Add(line); }), CancellationToken.None);
        Assert.Empty(providers.Problems);
        return await new PlanExecutor(providers.Handlers, new SilentLog(), TimeProvider.System).ExecuteAsync(plan, CancellationToken.None);
    }

    private sealed class SilentLog : IExecutionLog
    {
        public void StepStarted(Step step) { }
        public void StepFinished(Step step, StepResult result, TimeSpan duration) { }
        public void Compensating(Step step) { }
    }
}
