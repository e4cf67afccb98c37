using System.Text.RegularExpressions;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Coolify.Api;
using Deployer.Providers.Verify;
using Deployer.Releases;

namespace Deployer.Providers.Coolify;

/// <summary>Applications on Coolify instances (a self-hosted PaaS): deployed, waited on and rolled back through its API v4.</summary>
public sealed partial class CoolifyModule : IProviderModule
{
    public const string Id = "coolify";

    public static readonly Section<IReadOnlyList<CoolifyTargetSpec>> Targets =
        new(SectionScope.Environment, "coolify", "Applications on Coolify instances, deployed through Coolify's API.", []);

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeployCoolifyStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Targets];

    public bool Deploys(EnvironmentSpec environment) => Targets.Of(environment).Count > 0;

    /// <summary>The token is read from AWS only when it lives there, and never in a dry run.</summary>
    public bool NeedsAws(ProviderRequest request) =>
        !request.DryRun && request.Plan.Steps.OfType<DeployCoolifyStep>().Any(s => s.Target.Token.Env is null);

    public static string StepId(CoolifyTargetSpec target) => $"deploy-coolify:{target.Name}";

    public void Plan(PlanContext context)
    {
        var targets = Targets.Of(context.Environment);
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var id = StepId(target);
            var recorded = context.Mode == PlanMode.Release ? null : context.Source?.Targets.GetValueOrDefault(id);
            var setting = ConfigPath.Index($"{ConfigPath.Key("environments", context.EnvironmentName)}.coolify", i);
            context.Add(new DeployCoolifyStep(id, [], target, setting)
            {
                Mode = context.Mode,
                Recorded = recorded is null ? null : CoolifyReleaseTarget.Parse(recorded),
            }, PlanPhase.Deploy);
            // The public URL is checked by the verify module's own handler, after every deploy of the environment.
            if (target.PublicUrl is { } url)
                context.Add(new VerifyStep($"verify-coolify:{target.Name}", [], [new VerifySpec { Name = target.Name, Url = url }]), PlanPhase.Verify);
        }
    }

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, environment, environmentPath) in check.Environments)
        {
            // A target missing a required key was reported by the binder; its null members are skipped here.
            var targets = Targets.Of(environment);
            check.Duplicates(targets.Select(t => t.Name).OfType<string>(), $"{environmentPath}.coolify", "Coolify target");
            check.Duplicates(targets.SelectMany(t => t.Applications ?? []).OfType<string>(), $"{environmentPath}.coolify", "Coolify application");
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                var path = ConfigPath.Index($"{environmentPath}.coolify", i);
                if (target.Name is { } name && !NamePattern().IsMatch(name)) check.Report($"{path}.name", $"'{name}' is not a target name (letters, digits, '-', '_')");
                if (target.Url is { } url) check.Url(url, $"{path}.url");
                if (target.PublicUrl is { } publicUrl) check.Url(publicUrl, $"{path}.publicUrl");
                if (target.Applications is { Count: 0 }) check.Report($"{path}.applications", "names no Coolify application uuid");
                for (var a = 0; a < (target.Applications?.Count ?? 0); a++)
                    if (target.Applications![a] is not { } uuid || !UuidPattern().IsMatch(uuid))
                        check.Report(ConfigPath.Index($"{path}.applications", a),
                            $"'{target.Applications[a]}' is not a Coolify uuid (letters and digits, as the application's page shows it)");
                if (target.TimeoutMinutes is < 1 or > 24 * 60) check.Report($"{path}.timeoutMinutes", $"must be 1 to 1440 minutes, not {target.TimeoutMinutes}");
            }
        }
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        if (record.Result.OutputAs<CoolifyDeployed>() is not { } deployed) return;
        // Only commits Coolify resolved can be deployed again; "HEAD" would mean whatever the branch holds then.
        var known = deployed.Applications.Zip(deployed.Commits).Where(x => x.Second.Length > 0 && x.Second != "HEAD").ToArray();
        if (known.Length > 0) release.Target(record.Step.Id, CoolifyReleaseTarget.Format(known));
    }

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken) =>
        CoolifyProviders.AddAsync(context, cancellationToken);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex UuidPattern();
}
