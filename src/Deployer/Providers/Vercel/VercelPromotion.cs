namespace Deployer.Providers.Vercel;

/// <summary>How production takes the deployment a source environment (staging) verified.</summary>
/// <param name="Redeploy">
/// Null when the recorded deployment itself is promoted; else why Vercel builds the same files again with production's
/// settings instead (nothing is uploaded or built locally either way).
/// </param>
public sealed record VercelPromotion(string? Redeploy)
{
    public static VercelPromotion Promote { get; } = new((string?)null);

    /// <summary>
    /// Pure: the recorded deployment is promoted as it is only when it was built exactly as production would build it
    /// (same team, same prebuilt setting, same build environment). Build-time variables are baked into a frontend bundle:
    /// promoting staging's build of <c>NEXT_PUBLIC_API_URL</c> would point production's pages at staging's API.
    /// </summary>
    public static VercelPromotion Decide(VercelProjectSpec? source, VercelProjectSpec target, string sourceEnvironment)
    {
        if (source is null)
            return new($"{sourceEnvironment}'s description no longer has Vercel project '{target.Project}'");
        if (!string.Equals(source.Team, target.Team, StringComparison.Ordinal))
            return new($"{sourceEnvironment} deployed it under {Scope(source.Team)}, production is under {Scope(target.Team)}");
        if (source.Prebuilt != target.Prebuilt)
            return new($"{sourceEnvironment} {(source.Prebuilt ? "deployed prebuilt output" : "built on Vercel")} and production does not");
        var differing = source.Env.Keys.Union(target.Env.Keys, StringComparer.Ordinal)
            .Where(key => source.Env.GetValueOrDefault(key) != target.Env.GetValueOrDefault(key))
            .Order(StringComparer.Ordinal).ToArray();
        return differing.Length == 0
            ? Promote
            : new($"{sourceEnvironment} built it with other build-time env ({string.Join(", ", differing)})");
    }

    private static string Scope(string? team) => team is null ? "the personal account" : $"team '{team}'";
}
