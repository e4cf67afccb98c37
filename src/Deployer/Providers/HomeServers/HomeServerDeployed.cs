using Deployer.Execution;

namespace Deployer.Providers.HomeServers;

/// <summary>What a home-server step left serving on <paramref name="Host"/>: per service (same order), its container, image and colour.</summary>
public sealed record HomeServerDeployed(string Host, IReadOnlyList<string> Services, IReadOnlyList<string> Containers, IReadOnlyList<string> Images, IReadOnlyList<string> Colours) : StepOutput;

/// <summary>
/// What a home-server step leaves in the release record: the container serving each service, <c>service=container</c>
/// comma separated, which a rollback starts again.
/// </summary>
public static class HomeServerReleaseTarget
{
    public static string Format(IEnumerable<(string Service, string Container)> serving) => string.Join(',', serving.Select(s => $"{s.Service}={s.Container}"));

    public static IReadOnlyDictionary<string, string> Parse(string? recorded)
    {
        var containers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (recorded ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (pair.IndexOf('=') is var at and > 0 && at < pair.Length - 1)
                containers[pair[..at]] = pair[(at + 1)..];
        return containers;
    }
}
