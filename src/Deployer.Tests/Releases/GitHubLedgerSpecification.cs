using Deployer.Releases;
using Deployer.Tests.Simulators;

namespace Deployer.Tests.Releases;

/// <summary>The ledger specification against GitHub Deployments, through Octokit, on the GitHub simulator.</summary>
public sealed class GitHubLedgerSpecification : ReleaseLedgerSpecification
{
    private GitHubTestbed? _github;

    protected override async Task<IReleaseLedger> CreateAsync()
    {
        _github = await GitHubTestbed.StartAsync();
        return new GitHubLedger(_github.Connection());
    }

    public override async Task DisposeAsync()
    {
        if (_github is not null) await _github.DisposeAsync();
    }
}
