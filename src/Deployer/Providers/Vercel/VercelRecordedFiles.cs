using System.Text.Json;
using Deployer.Providers.Vercel.Api;

namespace Deployer.Providers.Vercel;

/// <summary>
/// The file list (path, SHA-1, size) of a deployment as the release record keeps it, under its own key beside the
/// deployment id: what a promotion to another Vercel project sends again by SHA.
/// </summary>
public static class VercelRecordedFiles
{
    public static string Key(string project) => $"vercel-files:{project}";

    public static string Write(IReadOnlyList<VercelFile> files) => JsonSerializer.Serialize(files);

    /// <summary>The recorded list, or null when the release kept none (or not one this version can read).</summary>
    public static IReadOnlyList<VercelFile>? Read(string? recorded)
    {
        if (string.IsNullOrEmpty(recorded)) return null;
        try { return JsonSerializer.Deserialize<List<VercelFile>>(recorded); }
        catch (JsonException) { return null; }
    }
}
