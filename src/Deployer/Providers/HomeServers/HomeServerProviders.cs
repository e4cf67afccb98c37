using Deployer.Secrets;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// The handler of a run: every private key and service secret is resolved before any change (a missing one stops the
/// run with exit 2, naming the setting); hosts are connected on first use, one connection per host for the run.
/// </summary>
public static class HomeServerProviders
{
    public static async Task AddAsync(ProviderContext context, SshHosts hosts, CancellationToken cancellationToken)
    {
        var steps = context.Steps<DeployHomeServerStep>();
        if (steps.Count == 0 || context.DryRun) return;
        var resolver = context.SecretResolver();
        var keys = new Dictionary<string, Secret>(StringComparer.Ordinal);
        var secrets = new Dictionary<(string, string), IReadOnlyDictionary<string, Secret>>();
        foreach (var step in steps)
        {
            try
            {
                keys[step.Id] = await resolver.ResolveAsync(step.Server.PrivateKey, cancellationToken);
            }
            catch (SecretResolutionException e)
            {
                context.Problem($"{HomeServersModule.Id} {step.Id}", $"{step.Setting}.privateKey: {e.Message}");
            }
            for (var s = 0; s < step.Server.Services.Count; s++)
            {
                var service = step.Server.Services[s];
                var values = new Dictionary<string, Secret>(StringComparer.Ordinal);
                foreach (var (name, reference) in service.Secrets)
                    try
                    {
                        values[name] = await resolver.ResolveAsync(reference, cancellationToken);
                    }
                    catch (SecretResolutionException e)
                    {
                        context.Problem($"{HomeServersModule.Id} {step.Id} {service.Name} {name}", $"{Config.ConfigPath.Index($"{step.Setting}.services", s)}.secrets.{name}: {e.Message}");
                    }
                secrets[(step.Id, service.Name)] = values;
            }
        }
        var http = context.Own(new HttpClient());
        context.Add(new HomeServerStepHandler(
            async (step, token) => new SshHomeHost(await hosts.ForAsync(Target(step), _ => Task.FromResult(keys[step.Id]), token)),
            (step, service) => secrets[(step.Id, service)],
            http, context.Time,
            new HostLocking(context.Plan.App, context.Request.Owner, context.Plan.GitSha, context.Request.ForceUnlock, context.Request.Log) { Wait = context.Request.LockWait }));
    }

    public static SshTarget Target(DeployHomeServerStep step) => new(step.Server.Host, step.Server.Port, step.Server.User, step.Server.HostKey, step.Setting);
}
