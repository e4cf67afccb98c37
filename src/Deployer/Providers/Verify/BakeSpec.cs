using System.ComponentModel;

namespace Deployer.Providers.Verify;

/// <summary>
/// A bake after every target switched: CloudWatch alarms watched for a while; one in ALARM fails the release, which puts
/// what it deployed back. Meant for targets without ECS's own alarm rollback (Vercel, SAM, static sites, home servers).
/// </summary>
public sealed record BakeSpec
{
    [Description("CloudWatch alarm names (metric or composite) in the environment's AWS account and region.")]
    public IReadOnlyList<string> Alarms { get; init; } = [];

    [Description("How long the alarms are watched after the deploy, in minutes (fractions allowed).")]
    public double Minutes { get; init; } = 10;
}
