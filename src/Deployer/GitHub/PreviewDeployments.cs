using System.Collections.ObjectModel;
using Octokit;

namespace Deployer.GitHub;

/// <summary>A pull request's preview: what served it (a step id), the URL, the commit it shows.</summary>
public sealed record PullRequestPreview(int PullRequest, string Name, string Url, string GitSha);

/// <summary>Where previews become visible on GitHub: a deployment of the commit, in a transient environment of the pull request.</summary>
public interface IPreviewDeployments
{
    /// <summary>Creates the deployment and its success status, whose <c>environment_url</c> is the preview's URL; answers its id.</summary>
    Task<long> RecordAsync(PullRequestPreview preview, string? logUrl, CancellationToken cancellationToken);
}

/// <summary>
/// Preview deployments in GitHub Deployments, as Vercel's own Git integration makes them: the head commit, a transient,
/// non-production environment per pull request and target, a success status with the URL (the pull request's "View
/// deployment" button), and earlier previews of the same environment marked inactive.
/// </summary>
public sealed class PreviewDeployments(GitHubConnection github) : IPreviewDeployments
{
    public static string Environment(PullRequestPreview preview) => $"preview pr-{preview.PullRequest} {preview.Name}";

    public async Task<long> RecordAsync(PullRequestPreview preview, string? logUrl, CancellationToken cancellationToken)
    {
        var (owner, name) = (github.Settings.Owner, github.Settings.Name);
        var environment = Environment(preview);
        var deployment = await github.CallAsync($"creating the deployment of {environment}", (c, _) =>
            c.Client.Repository.Deployment.Create(owner, name, new NewDeployment(preview.GitSha)
            {
                Environment = environment,
                Task = "deploy:preview",
                Description = $"Preview of pull request #{preview.PullRequest}",
                // The commit is the pull request's merge commit: GitHub must neither merge nor wait for checks.
                AutoMerge = false,
                RequiredContexts = new Collection<string>(),
                TransientEnvironment = true,
                ProductionEnvironment = false,
            }), cancellationToken).ConfigureAwait(false);
        await github.CallAsync($"setting the status of deployment {deployment.Id}", (c, _) =>
            c.Client.Repository.Deployment.Status.Create(owner, name, deployment.Id, new NewDeploymentStatus(DeploymentState.Success)
            {
                EnvironmentUrl = preview.Url,
                LogUrl = logUrl,
                Description = $"{preview.Name} ready",
                AutoInactive = true,
            }), cancellationToken).ConfigureAwait(false);
        return deployment.Id;
    }
}
