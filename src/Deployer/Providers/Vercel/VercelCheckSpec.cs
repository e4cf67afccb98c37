using System.ComponentModel;

namespace Deployer.Providers.Vercel;

/// <summary>
/// How a production deployment is checked on its own deployment URL before it is promoted: the custom domains switch
/// only once it answers as expected.
/// </summary>
public sealed record VercelCheckSpec
{
    [Description("Path fetched on the deployment URL.")]
    public string Path { get; init; } = "/";

    [Description("Expected HTTP status code.")]
    public int ExpectStatus { get; init; } = 200;

    [Description("Text the response body must contain.")]
    public string? Contains { get; init; }

    [Description("How long to keep retrying before the deployment is refused (the domains stay on the current production).")]
    public int TimeoutSeconds { get; init; } = 120;

    public static VercelCheckSpec Default { get; } = new();
}
