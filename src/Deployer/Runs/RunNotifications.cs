using Deployer.Aws;
using Deployer.Aws.Roles;
using Deployer.Config;
using Deployer.Notifications;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Runs;

/// <summary>The run's notifier for the environment's <c>notify</c> channels, or null when it has none.</summary>
internal static class RunNotifications
{
    public static async Task<ReleaseNotifier?> CreateAsync(DeployDescription description, DeployPlan plan, RunContext context, CancellationToken cancellationToken)
    {
        var specs = NotificationsModule.Notify.Of(description.Environments[plan.Environment]);
        if (specs.Count == 0) return null;
        // AWS clients only when a channel's secret lives in Secrets Manager or SSM, and only while resolving.
        Task<AwsClients>? aws = null;
        Task<AwsClients> Aws(CancellationToken ct) =>
            aws ??= AwsClients.ConnectAsync(context.Environment, plan.Aws?.Region, RoleRequest.For(plan, context.Environment, context.Time), context.Time, null, ct);
        try
        {
            var resolver = new SecretResolver(context.Environment, context.Secrets,
                async (id, ct) => await (await Aws(ct)).SecretsManagerStore(id, ct), async (name, ct) => await (await Aws(ct)).SsmStore(name, ct));
            // Each channel has its own timeout; the client must not end a request earlier.
            var http = context.Http is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
            http.Timeout = Timeout.InfiniteTimeSpan;
            return await ReleaseNotifier.CreateAsync(specs, $"environments.{plan.Environment}", resolver, context.Secrets, http, context.Time, context.Log, cancellationToken);
        }
        finally
        {
            if (aws is { IsCompletedSuccessfully: true }) aws.Result.Dispose();
        }
    }
}
