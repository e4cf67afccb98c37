using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Aws.Amplify;

/// <summary>
/// Amplify over restJson1 (API version 2017-07-25): the URIs, methods and JSON shapes of botocore's <c>amplify</c> model,
/// signed for <c>amplify</c>, errors read from <c>X-Amzn-ErrorType</c> and <c>message</c>, retried like the other clients.
/// </summary>
public sealed class AmplifyApiClient : IAmplifyApi
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri _endpoint;
    private readonly HttpClient _signed;
    private readonly HttpClient _upload;
    private readonly AwsRetryPipeline _retry;

    /// <param name="signed">Signs for <c>amplify</c> (see <see cref="AwsClients"/>).</param>
    /// <param name="upload">Unsigned: the zip's pre-signed URL carries its own signature.</param>
    public AmplifyApiClient(Uri endpoint, HttpClient signed, HttpClient upload, AwsRetryPolicy retry, TimeProvider time, Func<double>? random = null)
    {
        _endpoint = endpoint;
        _signed = signed;
        _upload = upload;
        _retry = new AwsRetryPipeline(AwsService.Amplify, retry, time, random);
    }

    public async Task<AmplifyApp> GetAppAsync(string appId, CancellationToken cancellationToken) =>
        Read<AmplifyApp>(await SendAsync("GetApp", HttpMethod.Get, $"apps/{E(appId)}", null, cancellationToken), "app");

    public async Task<AmplifyBranch> GetBranchAsync(string appId, string branch, CancellationToken cancellationToken) =>
        Read<AmplifyBranch>(await SendAsync("GetBranch", HttpMethod.Get, $"apps/{E(appId)}/branches/{E(branch)}", null, cancellationToken), "branch");

    public async Task<AmplifyDeploymentCreated> CreateDeploymentAsync(string appId, string branch, CancellationToken cancellationToken) =>
        (await SendAsync("CreateDeployment", HttpMethod.Post, $"apps/{E(appId)}/branches/{E(branch)}/deployments", new JsonObject(), cancellationToken))
        .Deserialize<AmplifyDeploymentCreated>(AwsJson.Options) ?? throw Malformed("CreateDeployment", "zipUploadUrl");

    public async Task<AmplifyJobSummary> StartDeploymentAsync(string appId, string branch, string jobId, CancellationToken cancellationToken) =>
        Read<AmplifyJobSummary>(await SendAsync("StartDeployment", HttpMethod.Post, $"apps/{E(appId)}/branches/{E(branch)}/deployments/start",
            new JsonObject { ["jobId"] = jobId }, cancellationToken), "jobSummary");

    public async Task<AmplifyJob> GetJobAsync(string appId, string branch, string jobId, CancellationToken cancellationToken) =>
        Read<AmplifyJob>(await SendAsync("GetJob", HttpMethod.Get, $"apps/{E(appId)}/branches/{E(branch)}/jobs/{E(jobId)}", null, cancellationToken), "job");

    public async Task<IReadOnlyList<AmplifyJobSummary>> ListJobsAsync(string appId, string branch, int maxResults, CancellationToken cancellationToken) =>
        Read<AmplifyJobSummary[]>(await SendAsync("ListJobs", HttpMethod.Get, $"apps/{E(appId)}/branches/{E(branch)}/jobs?maxResults={maxResults}", null,
            cancellationToken), "jobSummaries");

    public async Task<AmplifyJobSummary> StopJobAsync(string appId, string branch, string jobId, CancellationToken cancellationToken) =>
        Read<AmplifyJobSummary>(await SendAsync("StopJob", HttpMethod.Delete, $"apps/{E(appId)}/branches/{E(branch)}/jobs/{E(jobId)}/stop", null,
            cancellationToken), "jobSummary");

    public Task UploadZipAsync(Uri zipUploadUrl, ReadOnlyMemory<byte> zip, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync("zip upload", static async (state, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, state.Url) { Content = new ReadOnlyMemoryContent(state.Zip) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            using var response = await state.Http.SendAsync(request, token).ConfigureAwait(false);
            // The URL is not quoted: its query string is a credential.
            if (!response.IsSuccessStatusCode)
                throw new AwsServiceException("Amplify", "zip upload", $"Http{(int)response.StatusCode}",
                    $"the pre-signed upload answered HTTP {(int)response.StatusCode}", (int)response.StatusCode, null);
            return true;
        }, (Http: _upload, Url: zipUploadUrl, Zip: zip), cancellationToken);

    private static T Read<T>(JsonObject response, string member) =>
        (response[member] ?? throw Malformed(typeof(T).Name, member)).Deserialize<T>(AwsJson.Options) ?? throw Malformed(typeof(T).Name, member);

    private static InvalidDataException Malformed(string operation, string member) => new($"Amplify {operation} returned no {member}.");

    private static string E(string segment) => Uri.EscapeDataString(segment);

    private Task<JsonObject> SendAsync(string operation, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(operation,
            static (state, token) => state.Self.AttemptAsync(state.Operation, state.Method, state.Path, state.Body, token),
            (Self: this, Operation: operation, Method: method, Path: path, Body: body?.ToJsonString()),
            cancellationToken);

    private async ValueTask<JsonObject> AttemptAsync(string operation, HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        // A new message per attempt: the signer stamps X-Amz-Date, so a retried request is signed again.
        using var request = new HttpRequestMessage(method, new Uri(_endpoint, path));
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = Json;
        }
        using var response = await _signed.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw AwsJsonError.Parse(AwsService.Amplify, operation, (int)response.StatusCode, Header(response, "x-amzn-RequestId"),
                Header(response, "X-Amzn-ErrorType"), content);
        try
        {
            return content.Length == 0 ? new JsonObject()
                : JsonNode.Parse(content) as JsonObject ?? throw new InvalidDataException($"Amplify {operation} returned JSON that is not an object.");
        }
        catch (JsonException)
        {
            throw new InvalidDataException($"Amplify {operation} returned a response that is not JSON (HTTP {(int)response.StatusCode}).");
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
