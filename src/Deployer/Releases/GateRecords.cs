namespace Deployer.Releases;

/// <summary>
/// An image's scan as the gate judged it, kept in the release: the digest scanned and its findings per severity
/// (allow-listed ones left out of the counts and counted in <paramref name="Allowed"/>).
/// </summary>
/// <param name="Other">UNTRIAGED and UNDEFINED findings (enhanced scanning).</param>
public sealed record ScanRecord(string Digest, int Critical, int High, int Medium, int Low, int Informational, int Other, int Allowed, bool Passed);

/// <summary>A smoke test on the test listener, kept in the release: whether it passed and each check's result.</summary>
public sealed record SmokeRecord(string TestUrl, bool Passed, IReadOnlyList<SmokeCheckRecord> Checks)
{
    /// <summary>"passed: 2 check(s)" or "failed: health (3 of 3 request(s) failed …)", for step outputs.</summary>
    public override string ToString() =>
        Passed ? $"passed: {Checks.Count} check(s)" : $"failed: {string.Join("; ", Checks.Where(c => !c.Passed).Select(c => $"{c.Name} ({c.Reason})"))}";
}

/// <summary>One smoke check: the URL it fetched, how many requests it sent and why it failed (null: passed).</summary>
public sealed record SmokeCheckRecord(string Name, string Url, int Requests, bool Passed, string? Reason = null);
