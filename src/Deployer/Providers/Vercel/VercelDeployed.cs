using Deployer.Execution;

namespace Deployer.Providers.Vercel;

/// <summary>What a Vercel step left serving: the deployment, its URL, whether it is production and what it uploaded.</summary>
public sealed record VercelDeployed(string DeploymentId, string Url, bool Production, int Uploaded, string? PreviousProduction) : StepOutput, IPreviewOutput
{
    /// <summary>The pull request this deployment previews, if it is one.</summary>
    public int? PullRequest { get; init; }

    /// <summary>The files (path, SHA-1, size) it was created from, when known: recorded so another project can be given the same files.</summary>
    /// <remarks>Internal so the step's rendered outputs ($GITHUB_OUTPUT, the JSON result) do not list thousands of files; the release record keeps them.</remarks>
    internal IReadOnlyList<Api.VercelFile>? Files { get; init; }
}
