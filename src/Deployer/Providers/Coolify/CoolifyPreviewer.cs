using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Coolify.Api;
using Refit;

namespace Deployer.Providers.Coolify;

/// <summary>
/// The dry run of a Coolify step: which applications would deploy (or at which recorded commit), and, when the token
/// can be read without a change (an <c>env:</c> reference that is set), what each runs now. Reads only.
/// </summary>
/// <param name="readsFor">A read-only client for the step's instance, or null with the reason it is not read.</param>
public sealed class CoolifyPreviewer(Func<DeployCoolifyStep, (ICoolifyReads? Reads, string? Why)> readsFor) : IStepPreviewer
{
    public bool Previews(Step step) => step is DeployCoolifyStep;

    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        var coolify = (DeployCoolifyStep)step;
        var (reads, why) = readsFor(coolify);
        var lines = new List<string>();
        if (reads is null) lines.Add($"(live state not read: {why})");
        foreach (var application in coolify.Target.Applications)
        {
            var change = coolify.Mode == PlanMode.Release
                ? $"queue a deployment{(coolify.Target.Force ? " without build cache" : "")}"
                : coolify.Recorded?.GetValueOrDefault(application) is { } commit ? $"deploy recorded commit {commit}" : "refused: no recorded commit";
            lines.Add($"~ {application}: {change}{(reads is null ? "" : await LiveAsync(reads, application, cancellationToken))}");
        }
        return lines;
    }

    private static async Task<string> LiveAsync(ICoolifyReads reads, string application, CancellationToken cancellationToken)
    {
        try
        {
            var live = await reads.ApplicationAsync(application, cancellationToken);
            var source = live.GitRepository is null ? "" : $", builds {live.GitRepository}@{live.GitBranch}";
            return $" (now '{live.Name}' {live.Status}{source})";
        }
        catch (ApiException e)
        {
            return CoolifyClient.IsTokenRefused(e) ? " (the instance refused the token)" : $" ({CoolifyClient.Describe(e, "read")})";
        }
    }
}
