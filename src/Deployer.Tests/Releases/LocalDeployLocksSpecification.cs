using Deployer.Releases;

namespace Deployer.Tests.Releases;

/// <summary>The deployment lock specification against the local lock directory (0600 files, atomic links).</summary>
public sealed class LocalDeployLocksSpecification : DeployLocksSpecification
{
    private readonly string _root = Directory.CreateTempSubdirectory("deployer-locks-").FullName;

    private string LockFile => new LocalDeployLocks(_root, TimeProvider.System).PathOf("shop", "production");

    protected override IDeployLocks Locks(TimeProvider time) => new LocalDeployLocks(_root, time);

    protected override LockHolder? Stored() => File.Exists(LockFile) ? LockHolder.Parse(File.ReadAllText(LockFile), LockFile) : null;

    public override Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_lock_file_is_readable_by_its_owner_only()
    {
        await Locks(TimeProvider.System).ClaimAsync("shop", "production", new LockHolder("a", "a@host", Sha, T0, T0.AddMinutes(5)), default);

        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LockFile));
    }
}
