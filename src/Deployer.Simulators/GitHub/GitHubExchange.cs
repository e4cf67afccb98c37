namespace Deployer.Simulators.GitHub;

/// <summary>One request the GitHub simulator answered.</summary>
/// <param name="Operation">GitHub's operation id, e.g. <c>repos/create-deployment</c> (empty when no route matched).</param>
/// <param name="Target">Method and path with query, e.g. <c>GET /repos/acme/shop/deployments?environment=staging</c>.</param>
/// <param name="Authorization">The Authorization header as received, so a test can check which credentials went out.</param>
public sealed record GitHubExchange(string Operation, string Target, string? Authorization, string RequestBody, int StatusCode, string ResponseBody);
