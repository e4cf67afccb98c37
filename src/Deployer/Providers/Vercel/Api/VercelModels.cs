using System.Text.Json.Serialization;

namespace Deployer.Providers.Vercel.Api;

/// <summary>One file of a deployment by content: its path, SHA-1 and size.</summary>
public sealed record VercelFile(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("sha")] string Sha,
    [property: JsonPropertyName("size")] long Size);

/// <summary>
/// The body of <c>POST /v13/deployments</c>: the files by SHA, or (a redeploy, as <c>vercel redeploy</c> sends it)
/// the <c>deploymentId</c> whose files Vercel builds again. Production is created with <c>autoAssignCustomDomains: false</c>
/// so its domains stay where they are until the deployment is verified and promoted.
/// </summary>
public sealed record VercelCreateDeployment(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("project")] string Project,
    [property: JsonPropertyName("files"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<VercelFile>? Files,
    [property: JsonPropertyName("target"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Target,
    [property: JsonPropertyName("env"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Env,
    [property: JsonPropertyName("meta")] IReadOnlyDictionary<string, string> Meta,
    [property: JsonPropertyName("deploymentId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeploymentId = null,
    [property: JsonPropertyName("autoAssignCustomDomains"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? AutoAssignCustomDomains = null);

/// <summary>What the API tells of a deployment.</summary>
public sealed record VercelDeployment(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("readyState")] string? ReadyState,
    [property: JsonPropertyName("aliasAssigned"), JsonConverter(typeof(VercelAliasAssignedConverter))] bool? AliasAssigned,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("alias")] IReadOnlyList<string>? Alias,
    [property: JsonPropertyName("errorMessage")] string? ErrorMessage);

/// <summary>One build event (log line) of a deployment.</summary>
public sealed record VercelEvent(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("text")] string? Text);

/// <summary>A project and its production deployment, if any.</summary>
public sealed record VercelProject(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("targets")] IReadOnlyDictionary<string, VercelProjectTarget>? Targets);

/// <summary>The deployment a project target (production) currently serves.</summary>
public sealed record VercelProjectTarget([property: JsonPropertyName("id")] string Id);

/// <summary>One entry of a deployment's file tree (<c>GET /v6/deployments/{id}/files</c>): a file's <c>uid</c> is its SHA-1.</summary>
public sealed record VercelFileTreeEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("uid")] string? Uid,
    [property: JsonPropertyName("children")] IReadOnlyList<VercelFileTreeEntry>? Children)
{
    /// <summary>The SHA-1s of every file under this entry.</summary>
    public IEnumerable<string> Shas() =>
        Type == "file" && Uid is { Length: > 0 } ? [Uid] : (Children ?? []).SelectMany(c => c.Shas());
}

/// <summary>The answer of <c>GET /v9/projects/{idOrName}/domains</c>.</summary>
public sealed record VercelProjectDomains([property: JsonPropertyName("domains")] IReadOnlyList<VercelProjectDomain>? Domains);

public sealed record VercelProjectDomain([property: JsonPropertyName("name")] string Name);

public sealed record VercelAliasRequest([property: JsonPropertyName("alias")] string Alias);

public sealed record VercelAlias([property: JsonPropertyName("alias")] string? Alias);

/// <summary>The error envelope <c>{error:{code,message,missing?}}</c>.</summary>
public sealed record VercelErrorBody([property: JsonPropertyName("error")] VercelError? Error);

public sealed record VercelError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("missing")] IReadOnlyList<string>? Missing);

/// <summary>
/// <c>aliasAssigned</c> is the time the aliases were assigned (milliseconds) on today's API and a boolean on older
/// answers; either way the wait only needs to know whether it happened.
/// </summary>
public sealed class VercelAliasAssignedConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            System.Text.Json.JsonTokenType.Number => true,
            System.Text.Json.JsonTokenType.True => true,
            System.Text.Json.JsonTokenType.False => false,
            _ => null,
        };

    public override void Write(System.Text.Json.Utf8JsonWriter writer, bool? value, System.Text.Json.JsonSerializerOptions options)
    {
        if (value is { } assigned) writer.WriteBooleanValue(assigned);
        else writer.WriteNullValue();
    }
}

/// <summary>A page of <c>GET /v6/deployments</c>.</summary>
public sealed record VercelDeploymentList([property: JsonPropertyName("deployments")] IReadOnlyList<VercelListedDeployment>? Deployments);

/// <summary>A deployment as the list answers it: its id is <c>uid</c> there, and <c>target</c> is null for a preview.</summary>
public sealed record VercelListedDeployment(
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("target")] string? Target);
