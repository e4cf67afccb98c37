using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.GitHub.Protocol;

/// <summary>One routed request: its route values, query and JSON body, and where GitHub documents the operation.</summary>
internal sealed class GitHubRequest(HttpRequest http, string bodyText, string documentationUrl)
{
    private Body? _body;

    public HttpRequest Http { get; } = http;
    public string DocumentationUrl { get; } = documentationUrl;

    public string Route(string name) => Http.RouteValues[name]?.ToString() ?? "";

    public string? Query(string name) => Http.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The body as a JSON object; not JSON is 400 "Problems parsing JSON", as GitHub answers.</summary>
    public Body Body
    {
        get
        {
            if (_body is not null) return _body;
            try
            {
                var node = string.IsNullOrWhiteSpace(bodyText) ? new JsonObject() : JsonNode.Parse(bodyText);
                return _body = new Body(node as JsonObject ?? throw GitHubError.ProblemsParsingJson(DocumentationUrl), DocumentationUrl);
            }
            catch (JsonException)
            {
                throw GitHubError.ProblemsParsingJson(DocumentationUrl);
            }
        }
    }
}

/// <summary>What an operation answers: status, JSON body and, for a list, the Link header.</summary>
internal sealed record Answer(int Status, JsonNode Body, string? Link = null)
{
    public static Answer Ok(JsonNode body) => new(200, body);
    public static Answer Created(JsonNode body) => new(201, body);
    /// <summary>204: GitHub sends no body at all.</summary>
    public static Answer NoContent() => new(204, new JsonObject());
}
