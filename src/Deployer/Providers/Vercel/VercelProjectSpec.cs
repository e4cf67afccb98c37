using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.Vercel;

/// <summary>A Vercel project.</summary>
public sealed record VercelProjectSpec
{
    [Description("Vercel project name or id.")]
    public required string Project { get; init; }

    [Description("Vercel team id or slug (the deploy fails early when the token cannot see it).")]
    public string? Team { get; init; }

    [Description("Folder deployed, relative to the repository root.")]
    public required string Directory { get; init; }

    [Description("Deploy the prebuilt .vercel/output folder instead of building on Vercel.")]
    public bool Prebuilt { get; init; }

    [Description("Deploy to production (created without domains, checked on its deployment URL, then promoted); otherwise a preview deployment.")]
    public bool Production { get; init; } = true;

    [Description("Extra aliases assigned after the deployment is ready.")]
    public IReadOnlyList<string> Aliases { get; init; } = [];

    [Description("Build-time environment for the deployment; a value may read a stack output deployed earlier in the run: \"{{sam.<stack>.<Output>}}\".")]
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    [Description("Check of a production deployment on its deployment URL before it is promoted (default: GET / answers 200).")]
    public VercelCheckSpec Check { get; init; } = VercelCheckSpec.Default;

    [Description("Minutes to wait for the deployment to be ready before cancelling it.")]
    public int TimeoutMinutes { get; init; } = 20;
}
