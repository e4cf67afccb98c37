using Refit;

namespace Deployer.Providers.Vercel.Api;

/// <summary>Deployments: create (answers missing_files with the SHAs Vercel lacks), read, cancel and build events.</summary>
public interface IVercelDeployments
{
    [Post("/v13/deployments")]
    Task<VercelDeployment> CreateAsync([Body] VercelCreateDeployment body, [Query] int? prebuilt, CancellationToken cancellationToken);

    [Get("/v13/deployments/{id}")]
    Task<VercelDeployment> GetAsync(string id, CancellationToken cancellationToken);

    [Patch("/v12/deployments/{id}/cancel")]
    Task<VercelDeployment> CancelAsync(string id, CancellationToken cancellationToken);

    /// <summary>The project's deployments, newest first (<c>state</c> a comma-separated list such as <c>READY</c>).</summary>
    [Get("/v6/deployments")]
    Task<VercelDeploymentList> ListAsync([Query] string projectId, [Query] int limit, [Query] string state, CancellationToken cancellationToken);

    /// <summary>The file tree a deployment was created from (directories with children, files with their SHA-1 as <c>uid</c>).</summary>
    [Get("/v6/deployments/{id}/files")]
    Task<IReadOnlyList<VercelFileTreeEntry>> FilesAsync(string id, CancellationToken cancellationToken);

    [Get("/v3/deployments/{id}/events")]
    Task<IReadOnlyList<VercelEvent>> EventsAsync(string id, [Query] int limit, CancellationToken cancellationToken);
}

/// <summary>Content-addressed file store: one upload per SHA-1 Vercel lacks.</summary>
public interface IVercelFiles
{
    [Post("/v2/files")]
    Task UploadAsync([Header("x-vercel-digest")] string sha, [Body] StreamContent content, CancellationToken cancellationToken);
}

/// <summary>Projects: promote an existing deployment to production or roll production back to one (no rebuild).</summary>
public interface IVercelProjects
{
    [Get("/v9/projects/{idOrName}")]
    Task<VercelProject> GetAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>The project's domains: a promotion switches them to the promoted deployment.</summary>
    [Get("/v9/projects/{idOrName}/domains")]
    Task<VercelProjectDomains> DomainsAsync(string idOrName, CancellationToken cancellationToken);

    [Post("/v10/projects/{project}/promote/{deploymentId}")]
    Task PromoteAsync(string project, string deploymentId, CancellationToken cancellationToken);

    [Post("/v9/projects/{project}/rollback/{deploymentId}")]
    Task RollbackAsync(string project, string deploymentId, CancellationToken cancellationToken);
}

/// <summary>Aliases assigned to a ready deployment.</summary>
public interface IVercelAliases
{
    [Post("/v2/deployments/{id}/aliases")]
    Task<VercelAlias> AssignAsync(string id, [Body] VercelAliasRequest body, CancellationToken cancellationToken);
}
