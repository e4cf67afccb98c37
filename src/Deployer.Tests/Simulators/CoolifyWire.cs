using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Deployer.Simulators.Coolify;

namespace Deployer.Tests.Simulators;

/// <summary>
/// Raw HTTP against the Coolify simulator, independent of Deployer's client, recording each answer with the OpenAPI
/// path template it belongs to, for the fidelity check.
/// </summary>
public sealed class CoolifyWire(CoolifySimulator simulator, string token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(simulator.Endpoint, "api/v1/") };

    public List<JsonObject> Exchanges { get; } = [];

    public async Task<(int Status, JsonNode? Body)> SendAsync(string method, string template, string path, string? body = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer ?? token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null;
        Exchanges.Add(new JsonObject
        {
            ["method"] = method.ToLowerInvariant(), ["path"] = template, ["status"] = (int)response.StatusCode, ["body"] = json?.DeepClone(),
        });
        return ((int)response.StatusCode, json);
    }

    public void Dispose() => _http.Dispose();
}
