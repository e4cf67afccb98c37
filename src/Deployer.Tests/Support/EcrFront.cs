using System.Text.RegularExpressions;
using Deployer.Aws.Ecr;
using Deployer.Simulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Tests.Support;

/// <summary>
/// ECR as one service again: in AWS the registry that takes a push and the API that describes and scans the image are the
/// same thing; here docker-registry stores the image and moto answers the API. This front forwards every registry request
/// to <see cref="OciRegistry"/> unchanged (auth included) and, once a manifest is stored, tells moto's ECR about it
/// (PutImage with the registry's digest) before the pusher hears back, so a scan requested right after the push finds the
/// image, as it would in ECR.
/// </summary>
public sealed partial class EcrFront : IAsyncDisposable
{
    private readonly LoopbackHost _host;
    private readonly HttpClient _registry;

    private EcrFront(LoopbackHost host, HttpClient registry) => (_host, _registry) = (host, registry);

    /// <summary><c>127.0.0.1:port</c>: what DEPLOYER_ECR_REGISTRY points pushes at.</summary>
    public string Host => $"{_host.Endpoint.Host}:{_host.Endpoint.Port}";

    /// <summary>Manifests pushed through the front and registered in moto, as <c>repository:tag@digest</c>.</summary>
    public IReadOnlyList<string> Pushed { get { lock (_pushed) return [.. _pushed]; } }

    private readonly List<string> _pushed = [];

    public static async Task<EcrFront> StartAsync(OciRegistry registry, IEcrApi ecr)
    {
        var upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://{registry.Host}/"), Timeout = TimeSpan.FromMinutes(5) };
        EcrFront? front = null;
        var host = await LoopbackHost.StartAsync(app => app.Run(context => front!.ForwardAsync(context, registry.Host, ecr)));
        front = new EcrFront(host, upstream);
        return front;
    }

    private async Task ForwardAsync(HttpContext context, string registryHost, IEcrApi ecr)
    {
        var request = context.Request;
        var manifest = ManifestPath().Match(request.Path.Value ?? "");
        var isManifestPut = HttpMethods.IsPut(request.Method) && manifest.Success;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.Value + request.QueryString.Value);
        byte[]? body = null;
        if (isManifestPut)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
            message.Content = new ByteArrayContent(body);
        }
        else if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(request.Body);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (name is "Host" or "Transfer-Encoding") continue;
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values) && message.Content is not null)
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
        }

        using var response = await _registry.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (isManifestPut && response.IsSuccessStatusCode && response.Headers.TryGetValues("Docker-Content-Digest", out var digests))
        {
            var (repository, tag, digest) = (manifest.Groups["repository"].Value, manifest.Groups["reference"].Value, digests.First());
            var mediaType = request.ContentType ?? "application/vnd.oci.image.manifest.v1+json";
            await ecr.PutImageAsync(repository, new EcrManifest(System.Text.Encoding.UTF8.GetString(body!), mediaType, digest), tag, context.RequestAborted);
            lock (_pushed) _pushed.Add($"{repository}:{tag}@{digest}");
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is "Transfer-Encoding") continue;
            // The registry names its own address in upload locations: the pusher keeps talking to the front.
            context.Response.Headers[name] = values.Select(v => v.Replace(registryHost, Host, StringComparison.Ordinal)).ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    [GeneratedRegex("^/v2/(?<repository>.+)/manifests/(?<reference>[^/]+)$")]
    private static partial Regex ManifestPath();

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _registry.Dispose();
    }
}
