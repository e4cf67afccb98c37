namespace Deployer.Providers.Coolify;

/// <summary>
/// What a Coolify step leaves in the release record: the commit (or image tag) each application runs, written
/// <c>uuid@commit</c> and comma separated, which a rollback or promotion later asks Coolify to deploy again.
/// </summary>
public static class CoolifyReleaseTarget
{
    public static string Format(IEnumerable<(string Application, string Commit)> deployed) =>
        string.Join(',', deployed.Select(d => $"{d.Application}@{d.Commit}"));

    public static IReadOnlyDictionary<string, string> Parse(string? recorded)
    {
        var commits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (recorded ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (pair.IndexOf('@') is var at and > 0 && at < pair.Length - 1)
                commits[pair[..at]] = pair[(at + 1)..];
        return commits;
    }
}
