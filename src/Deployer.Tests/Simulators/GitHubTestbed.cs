using Deployer.GitHub;
using Deployer.Secrets;
using Deployer.Simulators.GitHub;
using Octokit;
using Octokit.Internal;

namespace Deployer.Tests.Simulators;

/// <summary>A GitHub simulator with repository acme/shop, and clients pointed at it: Octokit's own, and Deployer's.</summary>
public sealed class GitHubTestbed : IAsyncDisposable
{
    public const string Repository = "acme/shop";
    public const string Token = "ghs_token_that_must_never_leak_0123456789";

    private GitHubTestbed(GitHubSimulator simulator) => Simulator = simulator;

    public GitHubSimulator Simulator { get; }

    public static async Task<GitHubTestbed> StartAsync() =>
        new(await GitHubSimulator.StartAsync(GitHubSimulatorOptions.Default with { Token = Token }));

    /// <summary>Octokit as anyone would use it against GitHub Enterprise-style base address.</summary>
    public IGitHubClient Octokit(string token = Token) =>
        new GitHubClient(new Connection(new ProductHeaderValue("deployer-tests"), Simulator.Endpoint, new InMemoryCredentialStore(new Credentials(token))));

    /// <summary>What a workflow run would have: GITHUB_REPOSITORY and GITHUB_API_URL.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["GITHUB_REPOSITORY"] = Repository,
        ["GITHUB_API_URL"] = Simulator.Endpoint.ToString().TrimEnd('/'),
    };

    /// <summary>Deployer's connection, retrying fast (a millisecond of backoff, retry-after honoured up to a minute).</summary>
    public GitHubConnection Connection(string token = Token, GitHubRetryPolicy? retry = null, TimeProvider? time = null) =>
        new(GitHubSettings.FromEnvironment(Environment, new Secret(token))! with
        {
            Retry = retry ?? new GitHubRetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(1)),
        }, time ?? TimeProvider.System);

    /// <summary>The deployment lock of shop/production as the repository stores it (the commit its ref points at), read around Deployer.</summary>
    public Deployer.Releases.LockHolder? StoredLock() =>
        Simulator.Ref(Repository, "refs/deployer/locks/shop/production") is { } stored
            ? Deployer.Releases.LockHolder.Parse(stored.Message[(stored.Message.IndexOf("\n\n", StringComparison.Ordinal) + 2)..], "the lock commit")
            : null;

    public ValueTask DisposeAsync() => Simulator.DisposeAsync();
}
