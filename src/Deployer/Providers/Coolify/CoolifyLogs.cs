using System.Text.Json;

namespace Deployer.Providers.Coolify;

/// <summary>
/// The last lines of a deployment's log. Coolify keeps it as a JSON string of entries
/// (<c>{"command","output","type","timestamp","hidden","batch","order"}</c>); hidden entries are the commands it runs
/// for itself and are left out, as its UI does.
/// </summary>
public static class CoolifyLogs
{
    public static IReadOnlyList<string> LastLines(string? logs, int count)
    {
        if (string.IsNullOrWhiteSpace(logs)) return [];
        try
        {
            using var document = JsonDocument.Parse(logs);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return [];
            var lines = new List<string>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object) continue;
                if (entry.TryGetProperty("hidden", out var hidden) && hidden.ValueKind == JsonValueKind.True) continue;
                if (!entry.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.String) continue;
                var prefix = entry.TryGetProperty("type", out var type) && type.GetString() == "stderr" ? "! " : "";
                lines.AddRange(output.GetString()!.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Select(l => prefix + l));
            }
            return lines.TakeLast(count).ToArray();
        }
        catch (JsonException)
        {
            return [.. logs.Split('\n').TakeLast(count)]; // not the shape Coolify documents: show it as text rather than nothing
        }
    }
}
