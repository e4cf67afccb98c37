using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;
using Deployer.Secrets;

namespace Deployer.Providers.Sam;

/// <summary>
/// SAM / CloudFormation stacks: packaged without the SAM CLI, planned as a change set, executed and waited on; promotion
/// and rollback redeploy the packaged template a release recorded.
/// </summary>
public sealed class SamModule : IProviderModule
{
    public const string Id = "sam";

    public static readonly Section<IReadOnlyList<SamStackSpec>> Stacks = new(SectionScope.Environment, "sam", "SAM / CloudFormation stacks.", []);

    private static readonly string[] KnownCapabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeploySamStackStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Stacks];

    public bool Deploys(EnvironmentSpec environment) => Stacks.Of(environment).Count > 0;

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) => Deploys(environment);

    public bool NeedsAws(ProviderRequest request) => true;

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, environment, environmentPath) in check.Environments)
        {
            var stacks = Stacks.Of(environment);
            for (var i = 0; i < stacks.Count; i++)
            {
                var stack = stacks[i];
                var path = ConfigPath.Index($"{environmentPath}.sam", i);
                if (string.IsNullOrWhiteSpace(stack.S3Bucket)) check.Report($"{path}.s3Bucket", "names no bucket: packaged code and templates are uploaded there");
                if (stack.TimeoutMinutes <= 0) check.Report($"{path}.timeoutMinutes", "must be at least 1 minute");
                foreach (var capability in stack.Capabilities.Where(c => !KnownCapabilities.Contains(c)))
                    check.Report($"{path}.capabilities", $"'{capability}' is not one of {string.Join(", ", KnownCapabilities)}");
                foreach (var key in stack.SecretParameters.Keys.Where(stack.Parameters.ContainsKey))
                    check.Report(ConfigPath.Key($"{path}.secretParameters", key), "is also in 'parameters'");
            }
            check.Duplicates(stacks.Select(s => s.Stack), $"{environmentPath}.sam", "stack");
        }
    }

    public void Plan(PlanContext context)
    {
        var stacks = Stacks.Of(context.Environment);
        for (var i = 0; i < stacks.Count; i++)
        {
            var stack = stacks[i];
            var id = $"deploy-sam:{stack.Stack}";
            var path = ConfigPath.Index($"environments.{context.EnvironmentName}.sam", i);
            List<KeyValuePair<string, string>> tags = [new("app", context.Description.App), new("environment", context.EnvironmentName), new("sha", context.GitSha)];
            context.Add(new DeploySamStackStep(id, [], stack, context.Environment.Aws!.Region, tags)
            {
                ConfigPath = path,
                References = OutputReference.In(stack.Parameters, $"{path}.parameters", context),
                // Promotion and rollback deploy the packaged template (and so the artifacts) the recorded release served: no rebuild.
                RecordedTemplate = context.Mode == PlanMode.Release ? null : Recorded(context, stack, id),
            }, PlanPhase.Deploy);
        }
    }

    /// <summary>
    /// The packaged template the source release recorded for this stack: under the same step id, or (stacks are usually
    /// named per environment, e.g. app-staging-backend) under the source environment's stack built from the same template.
    /// </summary>
    private static string? Recorded(PlanContext context, SamStackSpec stack, string id)
    {
        if (context.Source is not { } source) return null;
        if (source.Targets.GetValueOrDefault(id) is { } same) return same;
        var twin = context.Description.Environments.GetValueOrDefault(source.Environment) is { } environment
            ? Stacks.Of(environment).FirstOrDefault(s => s.Template == stack.Template)
            : null;
        return twin is null ? null : source.Targets.GetValueOrDefault($"deploy-sam:{twin.Stack}");
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        if (record.Result.OutputAs<SamDeployed>() is not { } deployed) return;
        release.Target(record.Step.Id, deployed.Template);
        // Kept so a dry run of a rollback shows the values the frontend was built with.
        foreach (var (key, value) in deployed.Outputs) release.Target(OutputReference.RecordKey(Id, deployed.Stack, key), value);
        release.Urls(deployed.Outputs.Values.Where(v => v.StartsWith("https://", StringComparison.Ordinal)));
    }

    public async Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var steps = context.Steps<DeploySamStackStep>();
        if (steps.Count == 0) return;
        var root = Path.GetFullPath(context.Request.DescriptionDirectory);
        var problems = new List<string>();
        foreach (var step in steps.Where(s => s.RecordedTemplate is null))
            problems.AddRange(await SamTemplateCheck.CheckAsync(step.Stack, root, context.Environment, cancellationToken));
        if (problems.Count > 0) context.Problem(Id, string.Join("\n", problems));
        var aws = context.Aws;
        context.Add(new SamPreviewer(aws?.CloudFormation, aws?.S3, root, context.Time));
        if (context.DryRun || aws is null) return;
        context.Add(new SamStepHandler(aws.CloudFormation, aws.S3, context.SecretResolver(), root, context.Environment, context.Time, context.Request.Log));
    }
}
