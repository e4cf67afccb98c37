using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.Amplify;

/// <summary>An Amplify Hosting app deployed manually from a build output folder.</summary>
public sealed record AmplifyAppSpec
{
    [Description("Amplify app id.")]
    public required string AppId { get; init; }

    [Description("Branch name.")]
    public required string Branch { get; init; }

    [Description("Build output folder whose contents are zipped at the root, relative to the repository root.")]
    public required string Artifact { get; init; }

    [Description("Command that produces the artifact (run before packaging).")]
    public string? Build { get; init; }

    [Description("Public URL checked after the job succeeds (default: the branch's amplifyapp.com URL).")]
    public string? Url { get; init; }
}
