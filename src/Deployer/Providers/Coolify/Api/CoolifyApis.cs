using Refit;

namespace Deployer.Providers.Coolify.Api;

// Coolify API v4 (https://coolify.io/docs/api-reference), checked against coollabsio/coolify openapi.json and
// routes/api.php at 379abb2 (v4.3.11): since v4.2.0 GET /deploy only answers 405 "This endpoint has changed to a POST
// request", and POST /deploy is accepted by every v4 release, so deploys are POSTs. Rollback exists from v4.3.0.

/// <summary>What a dry run may call: reads only, so a preview cannot start or cancel anything.</summary>
public interface ICoolifyReads
{
    [Get("/api/v1/applications/{uuid}")]
    Task<CoolifyApplication> ApplicationAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>The image tags Coolify keeps for an application; <c>current</c> is the one running (null when the server cannot be inspected).</summary>
    [Get("/api/v1/applications/{uuid}/rollback-images")]
    Task<CoolifyRollbackImages> RollbackImagesAsync(string uuid, CancellationToken cancellationToken);

    [Get("/api/v1/deployments/{uuid}")]
    Task<CoolifyDeployment> DeploymentAsync(string uuid, CancellationToken cancellationToken);
}

/// <summary>The calls that change something: queue deployments, cancel one, queue a rollback to a commit or image tag.</summary>
public interface ICoolifyDeploys : ICoolifyReads
{
    [Post("/api/v1/deploy")]
    Task<CoolifyDeployAnswer> DeployAsync([Query] string uuid, [Query] string force, CancellationToken cancellationToken);

    [Post("/api/v1/deployments/{uuid}/cancel")]
    Task<CoolifyCancelAnswer> CancelAsync(string uuid, CancellationToken cancellationToken);

    [Post("/api/v1/applications/{uuid}/rollback")]
    Task<CoolifyRollbackAnswer> RollbackAsync(string uuid, [Body] CoolifyRollbackRequest body, CancellationToken cancellationToken);
}
