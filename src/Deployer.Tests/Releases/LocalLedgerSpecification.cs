using Deployer.Releases;

namespace Deployer.Tests.Releases;

/// <summary>The ledger specification against the local file.</summary>
public sealed class LocalLedgerSpecification : ReleaseLedgerSpecification
{
    private readonly string _root = Directory.CreateTempSubdirectory("deployer-ledger-").FullName;

    protected override Task<IReleaseLedger> CreateAsync() => Task.FromResult<IReleaseLedger>(LocalLedger.InRepository(_root, TimeProvider.System));

    public override Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
