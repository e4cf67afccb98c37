using System.Text.Json;

namespace Deployer.Providers.Images;

/// <summary>What an engine reports about a local image: its id, labels, and the registry digests it is known by.</summary>
public sealed record ImageInspection(string? Id, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> RepoDigests)
{
    /// <summary>The digest this image has in <paramref name="repository"/> (<c>registry/name</c>), from RepoDigests; null if not pushed there.</summary>
    public string? DigestIn(string repository)
    {
        var wanted = ImageReference.Parse(repository).Name;
        foreach (var entry in RepoDigests)
        {
            if (!TryParse(entry, out var reference) || reference.Digest is null) continue;
            if (reference.Name == wanted) return reference.Digest;
        }
        return null;
    }

    /// <summary><c>buildah inspect --type image</c>: one object; labels under OCIv1.config.Labels.</summary>
    public static ImageInspection FromBuildah(string json)
    {
        using var document = Parse(json, "buildah inspect");
        var root = document.RootElement;
        var labels = root.TryGetProperty("OCIv1", out var oci) && oci.TryGetProperty("config", out var config) ? LabelsOf(config) : Empty;
        return new ImageInspection(String(root, "FromImageID"), labels, []);
    }

    /// <summary><c>docker image inspect</c> / <c>podman image inspect</c>: an array of one object; labels under Config.Labels.</summary>
    public static ImageInspection FromDockerOrPodman(string json)
    {
        using var document = Parse(json, "image inspect");
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            if (root.GetArrayLength() == 0) throw new ContainerEngineException("image inspect printed no image.");
            root = root[0];
        }
        var labels = root.TryGetProperty("Config", out var config) ? LabelsOf(config) : Empty;
        var digests = root.TryGetProperty("RepoDigests", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(d => d.GetString()).OfType<string>().ToArray()
            : [];
        return new ImageInspection(String(root, "Id"), labels, digests);
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static JsonDocument Parse(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ContainerEngineException($"{what} printed something that is not JSON: {e.Message}", e);
        }
    }

    private static IReadOnlyDictionary<string, string> LabelsOf(JsonElement config) =>
        config.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : Empty;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryParse(string text, out ImageReference reference)
    {
        try
        {
            reference = ImageReference.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            reference = null!;
            return false;
        }
    }
}
