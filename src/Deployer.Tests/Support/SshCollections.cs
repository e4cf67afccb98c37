namespace Deployer.Tests.Support;

/// <summary>
/// The two 20-deploy zero-failure load tests (nginx, caddy: about 100 s each), split off the <see cref="SshCollection"/>
/// so they run beside its other classes rather than after them. The collection has its own <see cref="SshServer"/>
/// (its own sshd, podman storage and HOME, so its host locks and audit log are its own); the web image is built once per
/// server (<c>WebImage.EnsureAsync</c>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SshLoadCollection : ICollectionFixture<SshServer>
{
    public const string Name = "sshd-load";
}
