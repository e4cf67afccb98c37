namespace Deployer.Providers.HomeServers.Images;

/// <summary>Image ids as engines print them: docker says <c>sha256:…</c>, podman the bare hex. Compared in one form.</summary>
public static class HostImageIds
{
    /// <summary><c>sha256:&lt;hex&gt;</c>, lower case; null for empty output.</summary>
    public static string? Normalise(string? id)
    {
        var value = id?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value)) return null;
        return value.StartsWith("sha256:", StringComparison.Ordinal) ? value : "sha256:" + value;
    }

    /// <summary>Whether the host must be sent the image: it has no image by that name, or one with another id.</summary>
    public static bool MustShip(string localId, string? hostId) => Normalise(hostId) != Normalise(localId);
}
