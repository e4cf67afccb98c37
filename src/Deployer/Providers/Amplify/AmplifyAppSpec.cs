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

    [Description("S3 bucket keeping every deployed zip by content (amplify/<appId>/<sha256>.zip): what a rollback or promotion redeploys.")]
    public required string ArtifactBucket { get; init; }

    [Description("Shell command run in the repository root before packaging that produces the artifact (a step of its own).")]
    public string? Build { get; init; }

    [Description("Variables added to the runner's environment for the build command (e.g. VITE_API_URL).")]
    public IReadOnlyDictionary<string, string> BuildEnv { get; init; } = new Dictionary<string, string>();

    [Description("Variables for the build command whose values are secrets: read when building, never printed.")]
    public IReadOnlyDictionary<string, SecretRef> BuildSecrets { get; init; } = new Dictionary<string, SecretRef>();

    [Description("Public URL checked after the job succeeds (default: the branch's amplifyapp.com URL).")]
    public string? Url { get; init; }

    [Description("Stop a PENDING or RUNNING job an earlier run left on the branch (it blocks every deploy); otherwise the deploy fails naming it.")]
    public bool StopPendingJobs { get; init; }

    [Description("Minutes to wait for the job to succeed before stopping it.")]
    public int TimeoutMinutes { get; init; } = 15;
}
