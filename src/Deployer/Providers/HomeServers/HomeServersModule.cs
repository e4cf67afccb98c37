using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;
using Deployer.Text;

namespace Deployer.Providers.HomeServers;

/// <summary>Containers on hosts reached over SSH, deployed blue/green behind nginx, Traefik or Caddy: health-gated switch, drain, retained containers for rollback.</summary>
public sealed partial class HomeServersModule : IProviderModule
{
    public const string Id = "homeServers";

    public static readonly Section<IReadOnlyList<HomeServerSpec>> Servers =
        new(SectionScope.Environment, "homeServers", "Hosts reached over SSH that run containers behind a reverse proxy.", []);

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeployHomeServerStep), typeof(Images.ShipImageStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Servers];

    public IEnumerable<string> ImagesUsed(DeployDescription description, EnvironmentSpec environment) =>
        Servers.Of(environment).SelectMany(h => h.Services ?? []).Select(s => s.Image).OfType<string>();

    public bool Deploys(EnvironmentSpec environment) => Servers.Of(environment).Count > 0;

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
        {
            var servers = Servers.Of(env);
            if (env.Registry is { Kind: RegistryKind.Ssh } && servers.Count == 0)
                check.Report($"{path}.registry.kind", "'kind: ssh' copies images to home servers, but this environment has none");
            for (var h = 0; h < servers.Count; h++)
            {
                var host = servers[h];
                var hostPath = ConfigPath.Index($"{path}.homeServers", h);
                check.Port(host.Port, $"{hostPath}.port");
                if (host.HostKey is { } hostKey && !hostKey.StartsWith("SHA256:", StringComparison.Ordinal))
                    check.Report($"{hostPath}.hostKey", "expected a SHA256:… fingerprint, as printed by ssh-keygen -lf");
                if (host.Proxy is { Kind: ProxyKind.Traefik or ProxyKind.Nginx, ConfigPath: null })
                    check.Report($"{hostPath}.proxy.configPath", $"a {Naming.CamelCase(host.Proxy!.Kind.ToString())} proxy needs the 'configPath' it reads");
                if (host.Proxy is { Kind: ProxyKind.Traefik, ConfigPath: { } dynamic } && !dynamic.EndsWith(".yml", StringComparison.Ordinal) && !dynamic.EndsWith(".yaml", StringComparison.Ordinal))
                    check.Report($"{hostPath}.proxy.configPath", $"'{dynamic}': Traefik's file provider reads the dynamic config deployer writes only from a .yml or .yaml file");
                if (host.Proxy is { Kind: ProxyKind.Caddy, AdminUrl: { } admin } && !(Uri.TryCreate(admin, UriKind.Absolute, out var adminUri) && adminUri is { Scheme: "http", IsLoopback: true }))
                    check.Report($"{hostPath}.proxy.adminUrl", $"'{admin}': expected caddy's admin endpoint on the host's loopback, e.g. http://127.0.0.1:2019 (it is reached through the SSH connection)");
                if (host.LockTtlMinutes is < 1 or > 1440)
                    check.Report($"{hostPath}.lockTtlMinutes", $"must be 1 to 1440 minutes, not {host.LockTtlMinutes}");
                if (host.Proxy is { Kind: ProxyKind.Caddy, AdminUrl: null })
                    check.Report($"{hostPath}.proxy.adminUrl", "a caddy proxy needs its 'adminUrl'");
                var services = host.Services ?? [];
                for (var s = 0; s < services.Count; s++)
                {
                    var servicePath = ConfigPath.Index($"{hostPath}.services", s);
                    if (services[s].Name is { } name && !ContainerName().IsMatch(name))
                        check.Report($"{servicePath}.name", $"'{name}' is not a valid container name: letters, digits, '.', '_' and '-', starting with a letter or digit");
                    check.Port(services[s].Port, $"{servicePath}.port");
                    if (services[s].Domain is { } domain && Uri.CheckHostName(domain) != UriHostNameType.Dns)
                        check.Report($"{servicePath}.domain", $"'{domain}' is not a host name");
                    check.ImageChoice(services[s].Image, services[s].ImageUri, servicePath);
                    if (services[s].HealthIntervalSeconds is < 1 or > 300) check.Report($"{servicePath}.healthIntervalSeconds", $"must be 1 to 300 seconds, not {services[s].HealthIntervalSeconds}");
                    if (services[s].HealthTimeoutSeconds is < 1 or > 3600) check.Report($"{servicePath}.healthTimeoutSeconds", $"must be 1 to 3600 seconds, not {services[s].HealthTimeoutSeconds}");
                    if (services[s].DrainSeconds is < 0 or > 3600) check.Report($"{servicePath}.drainSeconds", $"must be 0 to 3600 seconds, not {services[s].DrainSeconds}");
                    if (services[s].Keep is < 0 or > 100) check.Report($"{servicePath}.keep", $"must be 0 to 100 containers, not {services[s].Keep}");
                }
                check.Duplicates(services.Select(s => s.Name), $"{hostPath}.services", "service");
                // Two routes for one host name: Traefik and Caddy would each pick one, and which one is not the description's choice.
                check.Duplicates(services.Select(s => s.Domain?.ToLowerInvariant()).OfType<string>(), $"{hostPath}.services", "domain");
            }
        }
        Images.HostImageRules.Check(check);
    }

    public void Plan(PlanContext context)
    {
        var servers = Servers.Of(context.Environment);
        for (var h = 0; h < servers.Count; h++)
        {
            var server = servers[h];
            var id = $"deploy-home-server:{server.Host}";
            var images = server.Services.ToDictionary(s => s.Name, s => s.Image is { } i ? context.Images[i].ToString() : s.ImageUri!);
            var recorded = context.Mode == PlanMode.Rollback ? context.Source?.Targets.GetValueOrDefault(id) : null;
            var setting = ConfigPath.Index($"{ConfigPath.Key("environments", context.EnvironmentName)}.homeServers", h);
            context.Add(new DeployHomeServerStep(id, [], server, images, setting)
            {
                Mode = context.Mode,
                App = context.Description.App,
                Recorded = recorded is null ? null : HomeServerReleaseTarget.Parse(recorded),
            }, PlanPhase.Deploy);
        }
        Images.HostImagePlan.Add(context);
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        Images.HostImagePlan.Record(record, release);
        if (record.Result.OutputAs<HomeServerDeployed>() is not { Services.Count: > 0 } deployed || record.Result.Outcome is not (Outcome.Succeeded or Outcome.Unchanged)) return;
        release.Target(record.Step.Id, HomeServerReleaseTarget.Format(deployed.Services.Zip(deployed.Containers)));
    }

    /// <summary>One SSH connection per host for the run, shared by shipping images and deploying.</summary>
    public async Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var hosts = context.Own(new Ssh.SshHosts());
        await Images.HostImageProviders.AddAsync(context, hosts, cancellationToken);
        await HomeServerProviders.AddAsync(context, hosts, cancellationToken);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$")]
    private static partial System.Text.RegularExpressions.Regex ContainerName();
}
