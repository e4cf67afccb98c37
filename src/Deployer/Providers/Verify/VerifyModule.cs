using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.Verify;

/// <summary>Checks of the public URLs after every target has switched; a failed check puts the deployed targets back.</summary>
public sealed class VerifyModule : IProviderModule
{
    public const string Id = "verify";

    public static readonly Section<IReadOnlyList<VerifySpec>> Checks =
        new(SectionScope.Environment, "verify", "Checks run against the public URLs after every target has switched.", []);

    public static readonly Section<BakeSpec?> Bake =
        new(SectionScope.Environment, "bake", "CloudWatch alarms watched after every target has switched; one in ALARM rolls the release back.", null);

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(VerifyStep), typeof(WatchAlarmsStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Checks, Bake];

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) => Bake.Of(environment) is { Alarms.Count: > 0 };

    public bool NeedsAws(ProviderRequest request) => request.Plan.Steps.OfType<WatchAlarmsStep>().Any();

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
        {
            var checks = Checks.Of(env);
            for (var i = 0; i < checks.Count; i++)
            {
                var verifyPath = ConfigPath.Index($"{path}.verify", i);
                if (checks[i].Url is { } url) check.Url(url, $"{verifyPath}.url");
                if (checks[i].TimeoutSeconds <= 0) check.Report($"{verifyPath}.timeoutSeconds", $"must be at least 1 second, not {checks[i].TimeoutSeconds}");
                if (checks[i].ExpectStatus is < 100 or > 599) check.Report($"{verifyPath}.expectStatus", $"{checks[i].ExpectStatus} is not an HTTP status (100 to 599)");
            }
            if (Bake.Of(env) is { } bake)
            {
                if (bake.Alarms.Count == 0) check.Report($"{path}.bake.alarms", "names no alarm: list the CloudWatch alarms to watch, or remove 'bake'");
                if (bake.Alarms.Any(string.IsNullOrWhiteSpace)) check.Report($"{path}.bake.alarms", "an alarm name is empty");
                if (bake.Minutes is <= 0 or > 1440) check.Report($"{path}.bake.minutes", $"must be more than 0 and at most 1440 (a day), not {bake.Minutes}");
            }
        }
    }

    public void Plan(PlanContext context)
    {
        if (Checks.Of(context.Environment) is { Count: > 0 } checks)
            context.Add(new VerifyStep("verify", [], checks), PlanPhase.Verify);
        if (Bake.Of(context.Environment) is { Alarms.Count: > 0 } bake)
            context.Add(new WatchAlarmsStep("bake-alarms", [], bake), PlanPhase.Verify);
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        if (record.Step is VerifyStep verify) release.Urls(verify.Checks.Select(c => c.Url));
    }

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        if (!context.DryRun)
        {
            // Redirects are followed, as a browser would; the pool lives as long as the run.
            var transport = context.Own(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = true });
            context.Add(new VerifyStepHandler(transport, context.Time, context.Options.VerifyInterval, context.Request.Log));
            if (context.Aws is { } aws) context.Add(new WatchAlarmsHandler(aws.CloudWatch, context.Time, context.Options.VerifyInterval, context.Request.Log));
        }
        return Task.CompletedTask;
    }
}
