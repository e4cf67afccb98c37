using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Deploys the services of one host blue/green: a release or promotion starts each service's image under the colour
/// that is not serving; a rollback starts the container a recorded release left on the host again.
/// </summary>
/// <param name="Images">The image reference each service runs (by service name); the image is expected on the host.</param>
/// <param name="Setting">The config path of the host (<c>environments.production.homeServers[0]</c>), named in refusals.</param>
public sealed record DeployHomeServerStep(string Id, IReadOnlyList<string> DependsOn, HomeServerSpec Server, IReadOnlyDictionary<string, string> Images, string Setting = "homeServers")
    : Step(Id, DependsOn)
{
    public PlanMode Mode { get; init; } = PlanMode.Release;

    /// <summary>For a rollback: the container each service ran in the recorded release; null when none was recorded.</summary>
    public IReadOnlyDictionary<string, string>? Recorded { get; init; }

    /// <summary>The app whose lock on the host the run holds while it changes anything there.</summary>
    public string App { get; init; } = "";

    public override string Provider => HomeServersModule.Id;
    public override string Summary => $"blue/green deploy to {Server.User}@{Server.Host}:{Server.Port} behind {Text.Naming.CamelCase(Server.Proxy.Kind.ToString())}";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("host key", Server.HostKey);
        // Shown so a user who finds a run waiting knows which file holds it and when a dead run's hold ends.
        yield return ("lock", $"~/{HostDeployLocks.PathOf(App)} on {Server.Host} for the whole step: a live holder is waited for, " +
                              $"a lock not renewed for {Server.LockTtlMinutes} min (its run died) is taken over, --force-unlock breaks it");
        foreach (var service in Server.Services)
            yield return ($"service {service.Name}", (Mode == PlanMode.Rollback
                                                         ? Recorded?.GetValueOrDefault(service.Name) is { } container ? $"start retained {container}" : "no recorded container: refused"
                                                         : $"{Images[service.Name]} port {service.Port}") +
                                                     $", health {service.HealthPath}" + (service.Domain is null ? "" : $", {service.Domain}"));
        yield return ("switch", "health-gated, then drain the old container; on failure the old one keeps serving");
        yield return ("proxy", ProxySwitches.Describe(Server.Proxy));
    }
}
