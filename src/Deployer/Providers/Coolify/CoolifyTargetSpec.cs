using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.Coolify;

/// <summary>Applications on a Coolify instance (the AuthorWorks Pi cluster), deployed through Coolify's API.</summary>
public sealed record CoolifyTargetSpec
{
    [Description("Name of the target in the plan (deploy-coolify:<name>).")]
    public required string Name { get; init; }

    [Description("Base URL of the Coolify instance, e.g. https://coolify.example.com (the API is under /api/v1).")]
    public required string Url { get; init; }

    [Description("API token of the instance (Keys & Tokens), with the deploy and read abilities.")]
    public required SecretRef Token { get; init; }

    [Description("UUIDs of the Coolify applications deployed, one deployment each.")]
    public required IReadOnlyList<string> Applications { get; init; }

    [Description("Rebuild without Coolify's build cache.")]
    public bool Force { get; init; }

    [Description("Public URL checked after the deployments finish (by the verify step).")]
    public string? PublicUrl { get; init; }

    [Description("Minutes to wait for the deployments before cancelling them.")]
    public int TimeoutMinutes { get; init; } = 15;
}
