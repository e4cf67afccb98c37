using Deployer.Planning;

namespace Deployer.Providers.Coolify;

/// <summary>
/// Deploys the applications of one Coolify target: a release queues a deployment of each (their configured branch or
/// image), a promotion or rollback queues each at the commit or image tag a recorded release left running.
/// </summary>
/// <param name="Setting">The config path of the target (<c>environments.production.coolify[0]</c>), named when Coolify refuses a setting.</param>
public sealed record DeployCoolifyStep(string Id, IReadOnlyList<string> DependsOn, CoolifyTargetSpec Target, string Setting) : Step(Id, DependsOn)
{
    /// <summary>The config path of the token.</summary>
    public string TokenSetting => $"{Setting}.token";

    /// <summary>Release, or the promotion/rollback that ships <see cref="Recorded"/>.</summary>
    public PlanMode Mode { get; init; } = PlanMode.Release;

    /// <summary>For a promotion or rollback: the commit each application ran in the recorded release (by uuid); null when none was recorded.</summary>
    public IReadOnlyDictionary<string, string>? Recorded { get; init; }

    public override string Provider => CoolifyModule.Id;

    public override string Summary => Mode == PlanMode.Release
        ? $"deploy {Target.Applications.Count} Coolify application(s) at {Target.Url}{(Target.Force ? " without build cache" : "")}"
        : $"{(Mode == PlanMode.Rollback ? "roll back" : "promote")} {Target.Applications.Count} Coolify application(s) at {Target.Url} to their recorded commits";

    public override IEnumerable<(string, string)> Details()
    {
        if (Mode == PlanMode.Release)
            yield return ("request", $"POST /api/v1/deploy?uuid={string.Join(',', Target.Applications)}&force={(Target.Force ? "true" : "false")}");
        else
            foreach (var application in Target.Applications)
                yield return ($"application {application}", Recorded?.GetValueOrDefault(application) is { } commit
                    ? $"POST /api/v1/applications/{application}/rollback {{\"commit\":\"{commit}\"}}"
                    : "no recorded commit: refused");
        yield return ("token", Target.Token.ToString());
        yield return ("timeout", $"{Target.TimeoutMinutes} min, then the deployments are cancelled");
    }

    /// <summary>The applications a promotion or rollback cannot ship, because the recorded release names no commit for them.</summary>
    public IReadOnlyList<string> Unrecorded =>
        Mode == PlanMode.Release ? [] : Target.Applications.Where(a => Recorded?.ContainsKey(a) != true).ToArray();
}
