using Deployer.Config;

namespace Deployer.Providers.Verify;

/// <summary>Whether one answer passes a check. Pure: the answer in, null (passed) or the reason out.</summary>
public static class HttpCheck
{
    /// <param name="status">The HTTP status, or null when the request did not get an answer.</param>
    /// <param name="failure">Why there was no answer (connection refused, timeout, TLS).</param>
    public static string? Judge(VerifySpec check, int? status, string body, string? failure = null)
    {
        if (status is not { } code) return failure ?? "no answer";
        if (code != check.ExpectStatus) return $"answered {code}, expected {check.ExpectStatus}";
        if (check.Contains is { } text && !body.Contains(text, StringComparison.Ordinal))
            return $"answered {code} without \"{text}\" in the body ({Excerpt(body)})";
        return null;
    }

    private static string Excerpt(string body)
    {
        var line = body.ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "empty" : line.Length > 80 ? "\"" + line[..80] + "…\"" : $"\"{line}\"";
    }
}
