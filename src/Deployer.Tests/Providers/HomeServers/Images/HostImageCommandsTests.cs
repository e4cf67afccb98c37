using Deployer.Providers.HomeServers;
using Deployer.Providers.HomeServers.Images;

namespace Deployer.Tests.Providers.HomeServers.Images;

public sealed class HostImageCommandsTests
{
    [Fact]
    public void The_login_reads_the_password_from_standard_input()
    {
        var login = new HostImageCommands(ContainerEngine.Docker).Login("ghcr.io/acme", "deploy");

        Assert.Equal("docker login --username deploy --password-stdin ghcr.io", login.Line);
    }

    [Fact]
    public void Podman_on_the_host_reaches_a_loopback_registry_without_tls()
    {
        var pull = new HostImageCommands(ContainerEngine.Podman).Pull("127.0.0.1:5000/acme/api@sha256:abc");

        Assert.Equal("podman pull --tls-verify=false --quiet 127.0.0.1:5000/acme/api@sha256:abc", pull.Line);
    }

    [Fact]
    public void The_stream_is_decompressed_into_the_engine_without_a_temporary_file()
    {
        Assert.Equal("gunzip -c | podman load", new HostImageCommands(ContainerEngine.Podman).Load().Line);
    }

    [Fact]
    public void A_hostile_reference_reaches_the_engine_as_one_word()
    {
        Assert.Equal("docker image inspect --format '{{.Id}}' 'x; rm -rf ~'", new HostImageCommands(ContainerEngine.Docker).ImageId("x; rm -rf ~").Line);
    }

    [Theory]
    [InlineData("sha256:ABC", "abc", false)]
    [InlineData("abc", "sha256:abc", false)]
    [InlineData("sha256:abc", null, true)]
    [InlineData("sha256:abc", "", true)]
    [InlineData("sha256:abc", "sha256:abd", true)]
    public void The_host_is_sent_the_image_only_when_its_id_differs(string local, string? host, bool ship)
    {
        Assert.Equal(ship, HostImageIds.MustShip(local, host));
    }
}
