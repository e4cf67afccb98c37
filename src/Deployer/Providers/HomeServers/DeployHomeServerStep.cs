using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.HomeServers;

public sealed record DeployHomeServerStep(string Id, IReadOnlyList<string> DependsOn, HomeServerSpec Server, IReadOnlyDictionary<string, string> Images) : Step(Id, DependsOn)
{
    public override string Provider => HomeServersModule.Id;
    public override string Summary => $"blue/green deploy to {Server.User}@{Server.Host}:{Server.Port} behind {Text.Naming.CamelCase(Server.Proxy.Kind.ToString())}";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("host key", Server.HostKey);
        foreach (var service in Server.Services)
            yield return ($"service {service.Name}", $"{Images[service.Name]} port {service.Port}, health {service.HealthPath}" +
                                                     (service.Domain is null ? "" : $", {service.Domain}"));
        yield return ("switch", "health-gated, then drain the old container; on failure the old one keeps serving");
    }
}
