using System.Globalization;
using System.Text;
using Deployer.Providers.Verify;

namespace Deployer.Providers.Ecs;

/// <summary>One answer of the test listener; <paramref name="Status"/> is null when none came (<paramref name="Failure"/> says why).</summary>
public sealed record SmokeAnswer(int? Status, string Body, TimeSpan Latency, string? Failure = null);

/// <summary>A check, the URL it fetched, its answers and why it failed (null: passed).</summary>
public sealed record SmokeCheckResult(SmokeCheck Check, string Url, IReadOnlyList<SmokeAnswer> Answers, string? Reason)
{
    public bool Passed => Reason is null;
}

/// <summary>What the smoke test found on the test listener, and the screen a person reads when it failed.</summary>
public sealed record SmokeReport(string TestUrl, IReadOnlyList<SmokeCheckResult> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>The first failing check in one line, e.g. "health: GET …/health 5 of 5 requests failed: answered 500, expected 200".</summary>
    public string Reason => Checks.FirstOrDefault(c => !c.Passed) is { } failed ? $"{failed.Check.Name}: GET {failed.Url} {failed.Reason}" : "every check passed";

    /// <summary>The results as the release record keeps them.</summary>
    public Releases.SmokeRecord Record() =>
        new(TestUrl, Passed, [.. Checks.Select(c => new Releases.SmokeCheckRecord(c.Check.Name, c.Url, c.Answers.Count, c.Passed, c.Reason))]);

    public string Screen()
    {
        var text = new StringBuilder($"Smoke test on the test listener {TestUrl}:");
        foreach (var result in Checks)
        {
            text.AppendLine();
            text.Append(result.Passed
                ? $"  ✓ {result.Check.Name}: GET {result.Url} — {result.Answers.Count} request(s) passed{Latency(result.Answers)}"
                : $"  ✗ {result.Check.Name}: GET {result.Url} — {result.Reason}{Latency(result.Answers)}");
        }
        return text.ToString();
    }

    private static string Latency(IReadOnlyList<SmokeAnswer> answers) =>
        answers.Count == 0 ? "" : $" (slowest {Milliseconds(answers.Max(a => a.Latency))})";

    internal static string Milliseconds(TimeSpan latency) => $"{latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
}

/// <summary>Whether a check's answers pass: every one must (status and body through <see cref="HttpCheck"/>, then latency). Pure.</summary>
public static class SmokeJudge
{
    public static string? Judge(SmokeCheck check, string url, IReadOnlyList<SmokeAnswer> answers, int expected, string? interrupted = null)
    {
        var verify = new VerifySpec { Name = check.Name, Url = url, ExpectStatus = check.ExpectStatus, Contains = check.Contains };
        var failures = answers.Select(a => HttpCheck.Judge(verify, a.Status, a.Body, a.Failure) ?? TooSlow(check, a)).OfType<string>().ToArray();
        if (failures.Length > 0)
            return $"{failures.Length} of {answers.Count} request(s) failed: {failures[0]}";
        if (answers.Count < expected)
            return $"only {answers.Count} of {expected} request(s) sent: {interrupted ?? "stopped"}";
        return null;
    }

    private static string? TooSlow(SmokeCheck check, SmokeAnswer answer) =>
        check.MaxLatencyMs is { } limit && answer.Latency > TimeSpan.FromMilliseconds(limit)
            ? $"answered in {SmokeReport.Milliseconds(answer.Latency)}, over the {limit} ms limit"
            : null;
}
