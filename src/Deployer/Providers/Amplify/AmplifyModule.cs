using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.Amplify;

/// <summary>Amplify Hosting manual deploys. The description shape and plan exist; execution is not available yet.</summary>
public sealed class AmplifyModule : IProviderModule
{
    public const string Id = "amplify";

    public static readonly Section<IReadOnlyList<AmplifyAppSpec>> Apps =
        new(SectionScope.Environment, "amplify", "Amplify Hosting apps deployed from a build output folder.", []);

    public string Name => Id;
    public bool Available => false;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeployAmplifyAppStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Apps];

    public bool Deploys(EnvironmentSpec environment) => Apps.Of(environment).Count > 0;

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) => Deploys(environment);

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
        {
            var apps = Apps.Of(env);
            for (var i = 0; i < apps.Count; i++)
                if (apps[i].Url is { } url) check.Url(url, $"{ConfigPath.Index($"{path}.amplify", i)}.url");
        }
    }

    public void Plan(PlanContext context)
    {
        foreach (var app in Apps.Of(context.Environment))
            context.Add(new DeployAmplifyAppStep($"deploy-amplify:{app.AppId}/{app.Branch}", [], app), PlanPhase.Deploy);
    }

    public void Record(StepRecord record, ReleaseBuilder release) { }

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
