using System.ComponentModel;

namespace Deployer.Providers.Verify;

/// <summary>A check against a public URL after the deploy.</summary>
public sealed record VerifySpec
{
    [Description("Short name shown in the summary.")]
    public required string Name { get; init; }

    [Description("URL to fetch.")]
    public required string Url { get; init; }

    [Description("Expected HTTP status code.")]
    public int ExpectStatus { get; init; } = 200;

    [Description("Text the response body must contain.")]
    public string? Contains { get; init; }

    [Description("How long to keep retrying before the check fails.")]
    public int TimeoutSeconds { get; init; } = 120;
}
