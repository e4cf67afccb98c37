using Deployer.Providers.Coolify.Api;
using Refit;

namespace Deployer.Providers.Coolify;

/// <summary>Cancels deployments that must not go on (timeout, cancelled run, a sibling refused): best effort, never with the run's token.</summary>
public static class CoolifyCancel
{
    /// <summary>Returns how many Coolify cancelled; one that already ended answers 400 and is left as it is.</summary>
    public static async Task<int> AllAsync(ICoolifyDeploys api, IEnumerable<string> deploymentUuids)
    {
        var cancelled = 0;
        foreach (var uuid in deploymentUuids)
        {
            try
            {
                var answer = await api.CancelAsync(uuid, CancellationToken.None);
                if (answer.Status == "cancelled-by-user") cancelled++;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException)
            {
                // Already finished, or Coolify is unreachable: the outcome already says what is known.
            }
        }
        return cancelled;
    }
}
