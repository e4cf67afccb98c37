using Deployer.Providers.Images;

namespace Deployer.Tests.Providers.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("127.0.0.1:5000/acme/web:v1", "127.0.0.1:5000", "acme/web", "v1", null, true)]
    [InlineData("localhost/web:build", "localhost", "web", "build", null, true)]
    [InlineData("localhost:5000/web", "localhost:5000", "web", null, null, true)]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/web:0123abc", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "acme/web", "0123abc", null, false)]
    [InlineData("ghcr.io/acme/web@sha256:abc", "ghcr.io", "acme/web", null, "sha256:abc", false)]
    [InlineData("registry.example.com:443/web:1@sha256:abc", "registry.example.com:443", "web", "1", "sha256:abc", false)]
    [InlineData("nginx:1.27", "docker.io", "library/nginx", "1.27", null, false)]
    [InlineData("acme/web", "docker.io", "acme/web", null, null, false)]
    public void References_parse_by_dockers_rules(string text, string registry, string repository, string? tag, string? digest, bool loopback)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
        Assert.Equal(loopback, reference.IsLoopback);
    }

    [Fact]
    public void A_digest_reference_drops_the_tag()
    {
        var reference = ImageReference.Parse("127.0.0.1:5000/acme/web:v1");

        Assert.Equal("127.0.0.1:5000/acme/web@sha256:abc", reference.WithDigest("sha256:abc"));
        Assert.Equal("127.0.0.1:5000/acme/web:v2", reference.WithTag("v2"));
        Assert.Equal("127.0.0.1:5000/acme/web:v1", reference.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("docker://registry/app:1")]
    [InlineData("registry.example.com/App:1")]
    [InlineData("app:")]
    [InlineData("app@abc")]
    [InlineData("app name:1")]
    public void Malformed_references_are_refused_naming_the_reference(string text)
    {
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse(text));

        Assert.Contains($"'{text}'", error.Message);
    }
}
