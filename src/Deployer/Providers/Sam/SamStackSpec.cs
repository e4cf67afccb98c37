using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.Sam;

/// <summary>A SAM (CloudFormation) stack.</summary>
public sealed record SamStackSpec
{
    [Description("CloudFormation stack name.")]
    public required string Stack { get; init; }

    [Description("SAM or CloudFormation template (YAML or JSON), relative to the description.")]
    public required string Template { get; init; }

    [Description("Command run (as argv, in the template's folder, with the runner's environment) before packaging, e.g. [npm, run, build].")]
    public IReadOnlyList<string> Build { get; init; } = [];

    [Description("Template parameter overrides.")]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    [Description("Template parameters whose values are secrets: read when deploying, never printed.")]
    public IReadOnlyDictionary<string, SecretRef> SecretParameters { get; init; } = new Dictionary<string, SecretRef>();

    [Description("Capabilities acknowledged for the change set.")]
    public IReadOnlyList<string> Capabilities { get; init; } = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"];

    [Description("Bucket the packaged code and templates are uploaded to (content-addressed keys under deployer/).")]
    public string? S3Bucket { get; init; }

    [Description("Minutes to wait for the stack before cancelling the update (it then rolls back).")]
    public int TimeoutMinutes { get; init; } = 30;

    [Description("Delete a stack whose first creation failed (ROLLBACK_COMPLETE) so the deploy can create it again.")]
    public bool DeleteFailedStack { get; init; }
}
