using Deployer.Releases;

namespace Deployer.Tests.Runs;

/// <summary>The run lock specification with the lock directory beside the local ledger.</summary>
public sealed class LocalDeployRunLockTests : DeployRunLockSpecification
{
    private string LockFile => LocalDeployLocks.InRepository(Root, TimeProvider.System).PathOf("shop", "production");

    protected override Task<IDeployLocks> CreateLocksAsync() => Task.FromResult<IDeployLocks>(LocalDeployLocks.InRepository(Root, TimeProvider.System));

    protected override LockHolder? Stored() => File.Exists(LockFile) ? LockHolder.Parse(File.ReadAllText(LockFile), LockFile) : null;
}
