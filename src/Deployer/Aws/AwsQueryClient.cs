using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Deployer.Aws;

/// <summary>
/// The AWS query protocol (RDS): <c>POST /</c> with a form body <c>Action=…&amp;Version=…&amp;</c> and the operation's
/// parameters, an XML response whose <c>&lt;ActionResult&gt;</c> element is returned, XML errors read into
/// <see cref="AwsServiceException"/>. Signing and retries are shared with <see cref="AwsJsonClient"/>.
/// </summary>
public sealed class AwsQueryClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AwsRetryPipeline _retry;

    /// <param name="service">A query-protocol service (<see cref="AwsService.ApiVersion"/> set).</param>
    /// <param name="endpoint">Its endpoint (see <see cref="AwsSettings.EndpointFor"/>).</param>
    /// <param name="http">An HttpClient that signs for <paramref name="service"/>.</param>
    /// <param name="retry">Retry policy.</param>
    /// <param name="time">Clock for the retry delays.</param>
    /// <param name="random">Uniform [0, 1) source for the jitter; defaults to <see cref="Random.Shared"/>.</param>
    public AwsQueryClient(AwsService service, Uri endpoint, HttpClient http, AwsRetryPolicy retry, TimeProvider time, Func<double>? random = null)
    {
        if (service.ApiVersion is null) throw new ArgumentException($"{service.ServiceId} has no query API version.", nameof(service));
        Service = service;
        _endpoint = endpoint;
        _http = http;
        _retry = new AwsRetryPipeline(service, retry, time, random);
    }

    public AwsService Service { get; }

    /// <summary>Calls <paramref name="action"/> and returns its <c>&lt;ActionResult&gt;</c> element (empty when the action has no result).</summary>
    /// <param name="parameters">Flattened members, e.g. <c>Tags.Tag.1.Key</c>, in the order they are sent.</param>
    public Task<XElement> SendAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(action,
            static (state, token) => state.Self.AttemptAsync(state.Action, state.Body, token),
            (Self: this, Action: action, Body: FormBody(action, Service.ApiVersion!, parameters)),
            cancellationToken);

    /// <summary>The form body: Action and Version first, then the parameters, each percent-encoded (RFC 3986).</summary>
    public static string FormBody(string action, string version, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var body = new StringBuilder($"Action={Uri.EscapeDataString(action)}&Version={Uri.EscapeDataString(version)}");
        foreach (var (name, value) in parameters) body.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return body.ToString();
    }

    private async ValueTask<XElement> AttemptAsync(string action, string body, CancellationToken cancellationToken)
    {
        // A new message per attempt: the signer stamps X-Amz-Date, so a retried request is signed again.
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw AwsQueryError.Parse(Service, action, (int)response.StatusCode,
                response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null, content);
        try
        {
            var root = XDocument.Parse(Encoding.UTF8.GetString(content)).Root
                       ?? throw new InvalidDataException($"{Service.ServiceId} {action} returned an empty XML document.");
            return root.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? new XElement(action + "Result");
        }
        catch (XmlException)
        {
            throw new InvalidDataException($"{Service.ServiceId} {action} returned a response that is not XML (HTTP {(int)response.StatusCode}).");
        }
    }
}
