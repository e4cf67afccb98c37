using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Deployer.Aws.CloudFront;

/// <summary>
/// CloudFront over restXml (API version 2020-05-31): the URIs, methods and XML shapes of botocore's <c>cloudfront</c>
/// model, signed for <c>cloudfront</c> in us-east-1 (a global service), retried like the other clients.
/// </summary>
public sealed class CloudFrontApiClient : ICloudFrontApi
{
    public const string ApiVersion = "2020-05-31";
    private static readonly XNamespace Ns = $"http://cloudfront.amazonaws.com/doc/{ApiVersion}/";
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AwsRetryPipeline _retry;

    public CloudFrontApiClient(Uri endpoint, HttpClient http, AwsRetryPolicy retry, TimeProvider time)
    {
        _endpoint = endpoint;
        _http = http;
        _retry = new AwsRetryPipeline(AwsService.CloudFront, retry, time, null);
    }

    public async Task<CloudFrontInvalidation> CreateInvalidationAsync(string distributionId, IReadOnlyList<string> paths, string callerReference, CancellationToken cancellationToken) =>
        Invalidation(await SendAsync("CreateInvalidation", HttpMethod.Post, $"distribution/{Escape(distributionId)}/invalidation",
            InvalidationBatch(paths, callerReference), cancellationToken).ConfigureAwait(false));

    public async Task<CloudFrontInvalidation> GetInvalidationAsync(string distributionId, string invalidationId, CancellationToken cancellationToken) =>
        Invalidation(await SendAsync("GetInvalidation", HttpMethod.Get, $"distribution/{Escape(distributionId)}/invalidation/{Escape(invalidationId)}",
            null, cancellationToken).ConfigureAwait(false));

    public async Task<CloudFrontDistribution> GetDistributionAsync(string distributionId, CancellationToken cancellationToken)
    {
        var root = await SendAsync("GetDistribution", HttpMethod.Get, $"distribution/{Escape(distributionId)}", null, cancellationToken).ConfigureAwait(false);
        return new CloudFrontDistribution(Text(root, "Id"), Text(root, "Status"), Text(root, "DomainName"));
    }

    /// <summary>The CreateInvalidation payload: <c>&lt;InvalidationBatch&gt;</c> with <c>Paths/Quantity</c>, <c>Paths/Items/Path</c> and <c>CallerReference</c>.</summary>
    public static XElement InvalidationBatch(IReadOnlyList<string> paths, string callerReference) =>
        new(Ns + "InvalidationBatch",
            new XElement(Ns + "Paths",
                new XElement(Ns + "Quantity", paths.Count),
                new XElement(Ns + "Items", paths.Select(path => new XElement(Ns + "Path", path)))),
            new XElement(Ns + "CallerReference", callerReference));

    private static CloudFrontInvalidation Invalidation(XElement root) => new(Text(root, "Id"), Text(root, "Status"));

    // The first element of that name anywhere: Id and Status are direct children of Invalidation/Distribution.
    private static string Text(XElement root, string name) =>
        root.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value
        ?? throw new InvalidDataException($"CloudFront returned a {root.Name.LocalName} without {name}.");

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private Task<XElement> SendAsync(string operation, HttpMethod method, string path, XElement? body, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(operation,
            static (state, token) => state.Self.AttemptAsync(state.Operation, state.Method, state.Path, state.Body, token),
            (Self: this, Operation: operation, Method: method, Path: path, Body: body?.ToString(SaveOptions.DisableFormatting)),
            cancellationToken);

    private async ValueTask<XElement> AttemptAsync(string operation, HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_endpoint, $"{ApiVersion}/{path}"));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/xml");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw AwsQueryError.Parse(AwsService.CloudFront, operation, (int)response.StatusCode,
                response.Headers.TryGetValues("x-amz-request-id", out var ids) ? ids.FirstOrDefault() : null, content);
        try
        {
            return XDocument.Parse(Encoding.UTF8.GetString(content)).Root
                   ?? throw new InvalidDataException($"CloudFront {operation} returned an empty XML document.");
        }
        catch (XmlException)
        {
            throw new InvalidDataException($"CloudFront {operation} returned a response that is not XML (HTTP {(int)response.StatusCode}).");
        }
    }
}
