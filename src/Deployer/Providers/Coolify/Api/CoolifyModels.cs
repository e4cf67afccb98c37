using System.Text.Json.Serialization;

namespace Deployer.Providers.Coolify.Api;

/// <summary>The answer of <c>POST /deploy</c>: one entry per resource; <c>deployment_uuid</c> only when one was queued.</summary>
public sealed record CoolifyDeployAnswer([property: JsonPropertyName("deployments")] IReadOnlyList<CoolifyQueued>? Deployments);

public sealed record CoolifyQueued(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("resource_uuid")] string? ResourceUuid,
    [property: JsonPropertyName("deployment_uuid")] string? DeploymentUuid);

/// <summary>
/// An <c>ApplicationDeploymentQueue</c> row. <c>logs</c> is a JSON string of entries, present only when the token may
/// read sensitive data; <c>commit</c> is <c>HEAD</c> until the build resolves the branch.
/// </summary>
public sealed record CoolifyDeployment(
    [property: JsonPropertyName("deployment_uuid")] string DeploymentUuid,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("application_name")] string? ApplicationName,
    [property: JsonPropertyName("logs")] string? Logs);

/// <summary>The fields of an application the plan shows: its state (<c>running:healthy</c>) and what it builds.</summary>
public sealed record CoolifyApplication(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("git_repository")] string? GitRepository,
    [property: JsonPropertyName("git_branch")] string? GitBranch,
    [property: JsonPropertyName("git_commit_sha")] string? GitCommitSha,
    [property: JsonPropertyName("fqdn")] string? Fqdn);

public sealed record CoolifyCancelAnswer(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("deployment_uuid")] string? DeploymentUuid,
    [property: JsonPropertyName("status")] string? Status);

public sealed record CoolifyRollbackRequest([property: JsonPropertyName("commit")] string Commit);

public sealed record CoolifyRollbackAnswer(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("deployment_uuid")] string? DeploymentUuid);

public sealed record CoolifyRollbackImages(
    [property: JsonPropertyName("current")] string? Current,
    [property: JsonPropertyName("images")] IReadOnlyList<CoolifyImage>? Images);

public sealed record CoolifyImage(
    [property: JsonPropertyName("tag")] string? Tag,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("is_current")] bool IsCurrent);

/// <summary>Coolify's error body, <c>{"message": …}</c>.</summary>
public sealed record CoolifyError([property: JsonPropertyName("message")] string? Message);
