namespace Deployer.Ssh;

/// <summary>
/// Host key pinning: a connection proceeds only when the key the host offers has the SHA256 fingerprint the description
/// names (<c>SHA256:</c> + unpadded base64, as <c>ssh-keygen -lf</c> prints it). There is no trust on first use.
/// </summary>
public static class HostKeyPin
{
    /// <summary>Whether the offered fingerprint (without the <c>SHA256:</c> prefix, as SSH.NET gives it) is the pinned one.</summary>
    public static bool Matches(string pinned, string offeredSha256) =>
        string.Equals(Normalise(pinned), Normalise(offeredSha256), StringComparison.Ordinal);

    /// <summary>The offered key as a description would pin it.</summary>
    public static string Format(string offeredSha256) => "SHA256:" + Normalise(offeredSha256);

    private static string Normalise(string fingerprint)
    {
        var value = fingerprint.Trim();
        if (value.StartsWith("SHA256:", StringComparison.Ordinal)) value = value["SHA256:".Length..];
        return value.TrimEnd('=');
    }
}
