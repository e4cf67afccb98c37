using System.Globalization;
using System.Text.Json.Nodes;

namespace Deployer.Simulators.GitHub.Protocol;

/// <summary>An error answered as GitHub does: <c>{"message", "documentation_url", "status"}</c>, plus <c>errors</c> for validation.</summary>
internal sealed class GitHubError(int status, string message, string documentationUrl, JsonArray? errors = null) : Exception(message)
{
    public const string Docs = "https://docs.github.com/rest";

    public int Status { get; } = status;

    public JsonObject Body()
    {
        var body = new JsonObject { ["message"] = Message, ["documentation_url"] = documentationUrl };
        if (errors is not null) body["errors"] = errors.DeepClone();
        body["status"] = Status.ToString(CultureInfo.InvariantCulture);
        return body;
    }

    public static GitHubError RequiresAuthentication() => new(401, "Requires authentication", Docs);
    public static GitHubError BadCredentials() => new(401, "Bad credentials", Docs);
    public static GitHubError NotFound(string documentationUrl = Docs) => new(404, "Not Found", documentationUrl);
    public static GitHubError ProblemsParsingJson(string documentationUrl) => new(400, "Problems parsing JSON", documentationUrl);

    /// <summary>A request body that does not fit the operation's schema (GitHub words these "Invalid request.").</summary>
    public static GitHubError InvalidRequest(string detail, string documentationUrl) => new(422, "Invalid request.\n\n" + detail, documentationUrl);

    /// <summary>A well-formed request a model rule refused: "Validation Failed" with one entry in <c>errors</c>.</summary>
    public static GitHubError ValidationFailed(string resource, string field, string message, string documentationUrl) =>
        new(422, "Validation Failed", documentationUrl,
            new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = "custom", ["field"] = field, ["message"] = message }));

    public static GitHubError Unprocessable(string message, string documentationUrl) => new(422, message, documentationUrl);
}
