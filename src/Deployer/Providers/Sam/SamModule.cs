using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.Sam;

/// <summary>SAM / CloudFormation stacks. The description shape and plan exist; execution is not available yet.</summary>
public sealed class SamModule : IProviderModule
{
    public const string Id = "sam";

    public static readonly Section<IReadOnlyList<SamStackSpec>> Stacks = new(SectionScope.Environment, "sam", "SAM / CloudFormation stacks.", []);

    public string Name => Id;
    public bool Available => false;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeploySamStackStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Stacks];

    public bool Deploys(EnvironmentSpec environment) => Stacks.Of(environment).Count > 0;

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) => Deploys(environment);

    public void Plan(PlanContext context)
    {
        foreach (var stack in Stacks.Of(context.Environment))
            context.Add(new DeploySamStackStep($"deploy-sam:{stack.Stack}", [], stack, context.Environment.Aws!.Region), PlanPhase.Deploy);
    }

    public void Record(StepRecord record, ReleaseBuilder release) { }

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
