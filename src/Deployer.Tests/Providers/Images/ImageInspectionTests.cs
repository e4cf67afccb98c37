using Deployer.Providers.Images;

namespace Deployer.Tests.Providers.Images;

public sealed class ImageInspectionTests
{
    [Fact]
    public void Buildah_inspect_gives_the_labels_of_the_oci_config()
    {
        var inspection = ImageInspection.FromBuildah("""
            {"Type":"buildah 0.0.1","FromImageID":"2f0e7fd42fa8","OCIv1":{"config":{"Labels":{"org.opencontainers.image.revision":"abc123","io.buildah.version":"1.28.2"}}},"Docker":{}}
            """);

        Assert.Equal("2f0e7fd42fa8", inspection.Id);
        Assert.Equal("abc123", inspection.Labels["org.opencontainers.image.revision"]);
        Assert.Empty(inspection.RepoDigests);
    }

    [Fact]
    public void Docker_and_podman_inspect_give_labels_and_the_digest_per_repository()
    {
        var inspection = ImageInspection.FromDockerOrPodman("""
            [{"Id":"sha256:05174794f593","RepoDigests":["127.0.0.1:5000/acme/web@sha256:aaa","127.0.0.1:5000/acme/worker@sha256:bbb"],
              "Config":{"Labels":{"org.opencontainers.image.revision":"def"}}}]
            """);

        Assert.Equal("sha256:05174794f593", inspection.Id);
        Assert.Equal("def", inspection.Labels["org.opencontainers.image.revision"]);
        Assert.Equal("sha256:bbb", inspection.DigestIn("127.0.0.1:5000/acme/worker"));
        Assert.Equal("sha256:aaa", inspection.DigestIn("127.0.0.1:5000/acme/web:v1"));
        Assert.Null(inspection.DigestIn("127.0.0.1:5000/acme/other"));
    }

    [Fact]
    public void Images_without_labels_and_output_that_is_not_json_are_handled()
    {
        Assert.Empty(ImageInspection.FromDockerOrPodman("""[{"Id":"x","Config":{"Labels":null}}]""").Labels);
        var error = Assert.Throws<ContainerEngineException>(() => ImageInspection.FromBuildah("Error: image not known"));
        Assert.Contains("not JSON", error.Message);
    }
}
