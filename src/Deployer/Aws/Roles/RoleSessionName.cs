using System.Text;

namespace Deployer.Aws.Roles;

/// <summary>
/// The RoleSessionName of Deployer's AssumeRole, so CloudTrail says which app, environment and run acted:
/// <c>deployer-shop-staging-4711-1</c>. STS allows 2–64 characters of <c>[\w+=,.@-]</c>; other characters become
/// <c>-</c>, and when it is too long the app and environment are shortened, never the run.
/// </summary>
public static class RoleSessionName
{
    public const int MaxLength = 64;

    public static string For(string app, string environment, string run)
    {
        var runPart = Clean(run);
        if (runPart.Length > 24) runPart = runPart[^24..];
        var room = MaxLength - "deployer---".Length - runPart.Length;
        var appPart = Clean(app);
        var environmentPart = Clean(environment);
        // Shorten the longer of the two first, so both stay recognisable.
        while (appPart.Length + environmentPart.Length > room)
            if (appPart.Length >= environmentPart.Length) appPart = appPart[..^1];
            else environmentPart = environmentPart[..^1];
        return $"deployer-{appPart}-{environmentPart}-{runPart}";
    }

    /// <summary>
    /// The run: GitHub's run id and attempt in a workflow (the log of the run is then one click away), else the local
    /// start time, to the second.
    /// </summary>
    public static string Run(IReadOnlyDictionary<string, string> environment, TimeProvider time) =>
        AwsEnvironment.Get(environment, "GITHUB_RUN_ID") is { } id
            ? AwsEnvironment.Get(environment, "GITHUB_RUN_ATTEMPT") is { } attempt ? $"{id}-{attempt}" : id
            : "local-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text) clean.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-' ? c : '-');
        return clean.ToString();
    }
}
