using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.Vercel;

/// <summary>Vercel projects. The description shape and plan exist; execution is not available yet.</summary>
public sealed class VercelModule : IProviderModule
{
    public const string Id = "vercel";

    public static readonly Section<IReadOnlyList<VercelProjectSpec>> Projects = new(SectionScope.Environment, "vercel", "Vercel projects.", []);

    public string Name => Id;
    public bool Available => false;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeployVercelProjectStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Projects];

    public bool Deploys(EnvironmentSpec environment) => Projects.Of(environment).Count > 0;

    public void Plan(PlanContext context)
    {
        foreach (var project in Projects.Of(context.Environment))
            context.Add(new DeployVercelProjectStep($"deploy-vercel:{project.Project}", [], project), PlanPhase.Deploy);
    }

    public void Record(StepRecord record, ReleaseBuilder release) { }

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
