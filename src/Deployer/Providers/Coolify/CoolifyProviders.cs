using Deployer.Config;
using Deployer.Providers.Coolify.Api;
using Deployer.Secrets;
using Refit;

namespace Deployer.Providers.Coolify;

/// <summary>
/// The handler and previewer of a run, one client per target. Before any change each token is read and each application
/// looked up (GET only), so a refused token, an unknown uuid or a rollback with nothing recorded stops the run with
/// exit 2 and the setting named. A dry run reads a token only when that changes nothing: an <c>env:</c> reference.
/// </summary>
public static class CoolifyProviders
{
    public static async Task AddAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var steps = context.Steps<DeployCoolifyStep>();
        if (steps.Count == 0) return;
        var resolver = context.SecretResolver();
        var clients = new Dictionary<string, CoolifyClient>(StringComparer.Ordinal);
        var unread = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            var token = await TokenAsync(context, resolver, step, cancellationToken);
            if (token.Value is null)
            {
                unread[step.Id] = token.Why!;
                if (!context.DryRun) context.Problem($"{CoolifyModule.Id} {step.Id}", $"{step.TokenSetting}: {token.Why}");
                continue;
            }
            var client = clients[step.Id] = context.Own(new CoolifyClient(Instance(step.Target.Url), token.Value, context.Time));
            if (!context.DryRun && await PreflightAsync(client.Api, step, cancellationToken) is { } problem)
                context.Problem($"{CoolifyModule.Id} {step.Id}", problem);
        }
        context.Add(new CoolifyPreviewer(step => clients.TryGetValue(step.Id, out var c) ? (c.Api, null) : (null, unread.GetValueOrDefault(step.Id))));
        if (!context.DryRun) context.Add(new CoolifyStepHandler(step => clients[step.Id].Api, context.Time));
    }

    /// <summary>The API lives under /api/v1 of the instance, wherever the instance itself is mounted.</summary>
    public static Uri Instance(string url) => new(url.TrimEnd('/') + "/");

    private static async Task<(Secret? Value, string? Why)> TokenAsync(ProviderContext context, SecretResolver resolver, DeployCoolifyStep step, CancellationToken cancellationToken)
    {
        var reference = step.Target.Token;
        if (context.DryRun && reference.Env is null) return (null, $"the token ({reference}) is only read when deploying");
        try
        {
            return (await resolver.ResolveAsync(reference, cancellationToken), null);
        }
        catch (SecretResolutionException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Each application is read once: a refused token or an unknown uuid is said here, before anything is queued.</summary>
    public static async Task<string?> PreflightAsync(ICoolifyReads api, DeployCoolifyStep step, CancellationToken cancellationToken)
    {
        if (step.Unrecorded is { Count: > 0 } unrecorded)
            return $"the recorded release names no commit for {string.Join(", ", unrecorded)} of {step.Id}: Coolify can only deploy an earlier version by its commit or image tag, so this {step.Mode.ToString().ToLowerInvariant()} is refused";
        var problems = new List<string>();
        for (var i = 0; i < step.Target.Applications.Count; i++)
        {
            var application = step.Target.Applications[i];
            try
            {
                await api.ApplicationAsync(application, cancellationToken);
            }
            catch (ApiException e) when (CoolifyClient.IsTokenRefused(e))
            {
                return $"{step.TokenSetting}: Coolify at {step.Target.Url} refused the token ({step.Target.Token}) with HTTP {(int)e.StatusCode}; create one under Keys & Tokens with the deploy and read abilities";
            }
            catch (ApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                problems.Add($"{ApplicationPath(step, i)}: Coolify at {step.Target.Url} has no application '{application}' the token can see");
            }
            catch (ApiException e)
            {
                problems.Add($"{ApplicationPath(step, i)}: {CoolifyClient.Describe(e, "read of the application")}");
            }
            catch (HttpRequestException e)
            {
                return $"{step.Setting}.url: Coolify at {step.Target.Url} did not answer ({e.Message})";
            }
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string ApplicationPath(DeployCoolifyStep step, int index) => ConfigPath.Index($"{step.Setting}.applications", index);
}
