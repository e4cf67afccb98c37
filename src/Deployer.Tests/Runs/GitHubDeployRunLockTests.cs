using Deployer.Releases;
using Deployer.Tests.Simulators;

namespace Deployer.Tests.Runs;

/// <summary>The run lock specification with the lock ref of a GitHub repository, which every runner sees.</summary>
public sealed class GitHubDeployRunLockTests : DeployRunLockSpecification
{
    private GitHubTestbed? _github;

    protected override async Task<IDeployLocks> CreateLocksAsync()
    {
        _github = await GitHubTestbed.StartAsync();
        return new GitHubDeployLocks(_github.Connection());
    }

    protected override LockHolder? Stored() => _github!.StoredLock();

    public override async Task DisposeAsync()
    {
        if (_github is not null) await _github.DisposeAsync();
        await base.DisposeAsync();
    }
}
