using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.Sam;

/// <summary>A SAM (CloudFormation) stack.</summary>
public sealed record SamStackSpec
{
    [Description("CloudFormation stack name.")]
    public required string Stack { get; init; }

    [Description("SAM template path, relative to the repository root.")]
    public required string Template { get; init; }

    [Description("Template parameter overrides.")]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    [Description("Capabilities acknowledged for the change set.")]
    public IReadOnlyList<string> Capabilities { get; init; } = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"];

    [Description("Bucket for packaged code (default: let SAM resolve one).")]
    public string? S3Bucket { get; init; }
}
