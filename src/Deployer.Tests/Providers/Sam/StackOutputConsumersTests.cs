using Deployer.Aws;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Ecs;
using Deployer.Providers.Vercel;
using Deployer.Releases;
using Deployer.Simulators.Vercel;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.Sam;

/// <summary>
/// A stack's output read by an ECS service's environment and by a Vercel project's build-time env: ordered after the stack,
/// shown unresolved in the dry run with its source, resolved at execution from the stack moto deployed, recorded in the
/// release, and refused (exit 2, naming the setting) when the stack is not one the environment deploys.
/// </summary>
[Collection(MotoSamCollection.Name)]
public sealed class StackOutputConsumersTests(MotoServer moto) : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private SamTestbed _bed = null!;

    public async Task InitializeAsync() => _bed = await SamTestbed.StartAsync(moto);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string Environments(string stack, string bucket, string consumers) => $$"""
        app: mdreader
        environments:
          staging:
            aws: { account: "{{MotoServer.AccountId}}", region: {{MotoServer.Region}} }
            cluster: {{EcsWorld.Cluster}}
            sam: [{ stack: {{stack}}, template: api/template.yaml, s3Bucket: {{bucket}}, capabilities: [], parameters: { Stage: next } }]
        {{consumers}}
        """;

    private const string Service = """
            services:
              - name: hocuspocus
                imageUri: public.ecr.aws/mdreader/hocuspocus:1
                environment: { API_URL: "{{sam.STACK.ApiUrl}}/collab", NODE_ENV: production }
        """;

    private const string Frontend = """
            vercel:
              - project: web
                directory: site
                env: { NEXT_PUBLIC_API_URL: "{{sam.STACK.ApiUrl}}", MODE: staging }
        """;

    private static DeployPlan Plan(string yaml) =>
        ProviderModules.Plan(ProviderModules.Loader.Load("deploy.yml", yaml, new Dictionary<string, string>()).OrThrow(), new PlanInputs("staging", Sha));

    [Fact]
    public void A_service_environment_that_reads_a_stack_output_waits_for_the_stack_and_the_dry_run_shows_where_the_value_comes_from()
    {
        var plan = Plan(Environments("api", "artifacts", Service.Replace("STACK", "api")));

        var deploy = plan.Steps.OfType<DeployEcsServiceStep>().Single();
        Assert.Contains("deploy-sam:api", deploy.DependsOn);
        Assert.Contains(("env API_URL", "{{sam.api.ApiUrl}}/collab ({{sam.api.ApiUrl}} ← from deploy-sam:api)"), deploy.Details());
        Assert.Contains(("env NODE_ENV", "production"), deploy.Details());
        Assert.Equal("environments.staging.services[0].environment.API_URL", Assert.Single(deploy.References).Setting);
    }

    [Fact]
    public void A_vercel_env_that_reads_a_stack_output_waits_for_the_stack_and_the_dry_run_shows_where_the_value_comes_from()
    {
        var plan = Plan(Environments("api", "artifacts", Frontend.Replace("STACK", "api")));

        var deploy = plan.Steps.OfType<DeployVercelProjectStep>().Single();
        Assert.Contains("deploy-sam:api", deploy.DependsOn);
        Assert.Contains(("env NEXT_PUBLIC_API_URL", "{{sam.api.ApiUrl}} ← from deploy-sam:api"), deploy.Details());
        Assert.Contains(("env MODE", "staging"), deploy.Details());
    }

    [Theory]
    [InlineData(Service, "environments.staging.services[0].environment.API_URL")]
    [InlineData(Frontend, "environments.staging.vercel[0].env.NEXT_PUBLIC_API_URL")]
    public void A_reference_to_a_stack_the_environment_does_not_deploy_exits_2_naming_the_setting_before_anything_runs(string consumers, string setting)
    {
        using var surface = new BuildSurface();
        var config = Path.Combine(surface.Root, "deploy.yml");
        File.WriteAllText(config, Environments("api", "artifacts", consumers.Replace("STACK", "apy")));

        var result = surface.Run("DeployStaging", "--dry-run", "--skip", "--config", config, "--git-sha", Sha);

        Assert.True(result.ExitCode == 2, result.All);
        Assert.Contains($"{setting}: {{{{sam.apy.ApiUrl}}}} names no sam step deployed in staging", result.All);
        Assert.Contains("deploy-sam:api", result.All);
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public async Task An_ECS_service_is_registered_with_the_stacks_real_output_in_its_environment_and_the_release_records_it()
    {
        await using var ecs = await EcsWorld.StartAsync();
        await ecs.SeedServiceAsync("hocuspocus", "public.ecr.aws/mdreader/hocuspocus:0", 1);
        var stack = await ExistingStackAsync();
        var environment = new Dictionary<string, string>(_bed.Environment)
        {
            ["AWS_ENDPOINT_URL_ECS"] = ecs.Simulator.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING"] = ecs.Simulator.Endpoint.ToString(),
        };

        var result = await RunAsync(Environments(stack, _bed.Bucket, Service.Replace("STACK", stack)), environment);

        var apiUrl = (await _bed.Clients.CloudFormation.DescribeStackAsync(stack, CancellationToken.None))!.Outputs["ApiUrl"];
        var container = (await ecs.LiveTaskDefinitionAsync("hocuspocus"))["containerDefinitions"]![0]!;
        var variables = container["environment"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["value"]!.GetValue<string>());
        var sam = result.Steps.Single(s => s.Step.Id == $"deploy-sam:{stack}");
        var service = result.Steps.Single(s => s.Step.Id == "deploy-ecs:hocuspocus");
        Assert.True(result.Outcome == Outcome.Succeeded, Describe(result));
        Assert.Matches(@"^https://[a-z0-9.-]+\.s3\.amazonaws\.com/api$", apiUrl);
        Assert.Equal(apiUrl + "/collab", variables["API_URL"]);
        Assert.Equal("production", variables["NODE_ENV"]);
        Assert.True(service.StartedAt >= sam.FinishedAt, "the service was deployed before the stack it reads");
        var release = ReleaseFacts.From(result, ProviderModules.All);
        Assert.Equal(apiUrl, release.Targets[$"output:sam.{stack}.ApiUrl"]);
        Assert.Equal(service.Result.OutputAs<ServiceDeployed>()!.TaskDefinition, release.Targets["deploy-ecs:hocuspocus"]);
        Assert.Empty(_bed.Front.Violations);
    }

    [Fact]
    public async Task A_Vercel_deployment_is_built_with_the_stacks_real_output_in_its_env_and_the_release_records_it()
    {
        await using var vercel = await VercelSimulator.StartAsync();
        _bed.Write("site/index.html", "<h1>MDReader</h1>");
        var stack = await ExistingStackAsync();
        var environment = new Dictionary<string, string>(_bed.Environment)
        {
            ["DEPLOYER_VERCEL_API_URL"] = vercel.Endpoint.ToString(),
            ["DEPLOYER_VERCEL_DEPLOYMENTS_URL"] = vercel.Endpoint.ToString(), // production is checked on its deployment URL
            ["VERCEL_TOKEN"] = VercelSimulatorOptions.Default.Token,
        };

        var result = await RunAsync(Environments(stack, _bed.Bucket, Frontend.Replace("STACK", stack)), environment);

        var apiUrl = (await _bed.Clients.CloudFormation.DescribeStackAsync(stack, CancellationToken.None))!.Outputs["ApiUrl"];
        var deployment = Assert.Single(vercel.Deployments);
        var sam = result.Steps.Single(s => s.Step.Id == $"deploy-sam:{stack}");
        var frontend = result.Steps.Single(s => s.Step.Id == "deploy-vercel:web");
        Assert.True(result.Outcome == Outcome.Succeeded, Describe(result));
        Assert.Equal(apiUrl, deployment.Env["NEXT_PUBLIC_API_URL"]);
        Assert.Equal("staging", deployment.Env["MODE"]);
        Assert.True(frontend.StartedAt >= sam.FinishedAt, "the frontend was deployed before the stack it reads");
        var release = ReleaseFacts.From(result, ProviderModules.All);
        Assert.Equal(apiUrl, release.Targets[$"output:sam.{stack}.ApiUrl"]);
        Assert.Equal(deployment.Id, release.Targets["deploy-vercel:web"]);
        Assert.Empty(_bed.Front.Violations);
    }

    /// <summary>
    /// The API stack (Stage=staging). moto gives outputs only to stacks made by CreateStack, not by change sets: the stack
    /// exists from an earlier release, and the run updates it by change set like any later release.
    /// </summary>
    private async Task<string> ExistingStackAsync()
    {
        var stack = SamTestbed.StackName("api");
        _bed.Write("api/template.yaml", SamTestbed.ApiTemplate);
        await _bed.Clients.QueryClient(AwsService.CloudFormation).SendAsync("CreateStack",
            [new("StackName", stack), new("TemplateBody", SamTestbed.ApiTemplate), new("Parameters.member.1.ParameterKey", "Stage"), new("Parameters.member.1.ParameterValue", "staging")],
            CancellationToken.None);
        return stack;
    }

    private async Task<ReleaseResult> RunAsync(string yaml, IReadOnlyDictionary<string, string> environment)
    {
        var description = ProviderModules.Loader.Load("deploy.yml", yaml, environment).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("staging", Sha));
        var options = ProviderOptions.Default with { AwsTransport = _bed.Front, Polling = new PollingOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)) };
        using var providers = await new StandardProviders(environment, _bed.Secrets, TimeProvider.System, options)
            .CreateAsync(new ProviderRequest(description, plan, _bed.Root, false, (_, line) => { lock (_bed.Log) _bed.Log.Add(line); }), CancellationToken.None);
        Assert.Empty(providers.Problems);
        return await new PlanExecutor(providers.Handlers, new SilentLog(), TimeProvider.System).ExecuteAsync(plan, CancellationToken.None);
    }

    private static string Describe(ReleaseResult result) =>
        $"{result.Message}\n{string.Join("\n", result.Steps.Select(s => $"{s.Step.Id}: {s.Result.Outcome} {s.Result.Message}"))}";

    private sealed class SilentLog : IExecutionLog
    {
        public void StepStarted(Step step) { }
        public void StepFinished(Step step, StepResult result, TimeSpan duration) { }
        public void Compensating(Step step) { }
    }
}
