using Deployer.GitHub;
using Deployer.Secrets;

namespace Deployer.Releases;

/// <summary>Picks where a run records releases.</summary>
public static class ReleaseLedgers
{
    /// <summary>
    /// GitHub Deployments when there is a token and GITHUB_REPOSITORY (a workflow run), else the local file under
    /// <paramref name="repositoryRoot"/>, so a rehearsal on a laptop records, promotes and rolls back the same way.
    /// Either is scrubbed of <paramref name="secrets"/> before anything is written.
    /// </summary>
    public static IReleaseLedger Choose(IReadOnlyDictionary<string, string> environment, Secret? token, string repositoryRoot, TimeProvider time,
        SecretValues? secrets = null) =>
        GitHubSettings.FromEnvironment(environment, token) is { } github
            ? new GitHubLedger(new GitHubConnection(github, time), secrets: secrets)
            : LocalLedger.InRepository(repositoryRoot, time, secrets);

    /// <summary>
    /// Where the deployment lock lives: beside the ledger <see cref="Choose"/> picks, so every run that records in one
    /// place also locks in it (the repository's lock refs, which every runner sees; else the local lock directory).
    /// </summary>
    public static IDeployLocks ChooseLocks(IReadOnlyDictionary<string, string> environment, Secret? token, string repositoryRoot, TimeProvider time) =>
        GitHubSettings.FromEnvironment(environment, token) is { } github
            ? new GitHubDeployLocks(new GitHubConnection(github, time))
            : LocalDeployLocks.InRepository(repositoryRoot, time);
}
