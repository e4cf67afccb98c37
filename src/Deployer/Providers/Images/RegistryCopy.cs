using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>One side of a copy: a registry's base address, a repository in it, and the login for it (null: anonymous).</summary>
public sealed record RegistryEndpoint(Uri BaseAddress, string Repository, RegistryLogin? Login);

/// <summary>
/// Copies an image between registries over the OCI distribution API, by digest: every blob the target lacks is streamed
/// across, then the manifest's exact bytes are put under the tag, so the target's digest is the source's. This is how a
/// promotion crosses accounts or regions without pulling, rebuilding or recompressing anything. Index manifests are copied
/// with every platform they list.
/// </summary>
public sealed class RegistryCopy(HttpMessageHandler transport, Action<string> log)
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json",
    ];

    /// <summary>Copies <paramref name="digest"/> from <paramref name="source"/> to <paramref name="target"/> as <paramref name="tag"/>; returns the digest the target reports.</summary>
    public async Task<string> CopyAsync(RegistryEndpoint source, string digest, RegistryEndpoint target, string tag, CancellationToken cancellationToken)
    {
        using var from = Client(source);
        using var to = Client(target);
        var stored = await CopyManifestAsync(from, source, to, target, digest, tag, cancellationToken);
        return stored == digest
            ? stored
            : throw new ContainerEngineException($"{target.Repository}:{tag} was stored as {stored}, not the promoted {digest}");
    }

    private async Task<string> CopyManifestAsync(HttpClient from, RegistryEndpoint source, HttpClient to, RegistryEndpoint target,
        string digest, string reference, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{source.Repository}/manifests/{digest}");
        foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        using var response = await SendAsync(from, request, $"read manifest {source.Repository}@{digest}", cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/vnd.oci.image.manifest.v1+json";
        if ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)) != digest)
            throw new ContainerEngineException($"{source.Repository}@{digest} answered a manifest with another digest; nothing was copied");

        // What the manifest points at goes first: an index's platform manifests (put by digest), an image's blobs.
        var manifest = JsonNode.Parse(bytes)!.AsObject();
        if (manifest["manifests"] is JsonArray children)
            foreach (var child in children)
                await CopyManifestAsync(from, source, to, target, child!["digest"]!.GetValue<string>(), child["digest"]!.GetValue<string>(), cancellationToken);
        else
            foreach (var blob in new[] { manifest["config"] }.Concat(manifest["layers"]?.AsArray() ?? []).Where(b => b is not null))
                await CopyBlobAsync(from, source, to, target, blob!["digest"]!.GetValue<string>(), cancellationToken);

        using var put = new HttpRequestMessage(HttpMethod.Put, $"v2/{target.Repository}/manifests/{reference}") { Content = new ByteArrayContent(bytes) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var stored = await SendAsync(to, put, $"put manifest {target.Repository}:{reference}", cancellationToken);
        return stored.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : digest;
    }

    private async Task CopyBlobAsync(HttpClient from, RegistryEndpoint source, HttpClient to, RegistryEndpoint target, string digest, CancellationToken cancellationToken)
    {
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"v2/{target.Repository}/blobs/{digest}"))
        using (var exists = await to.SendAsync(head, cancellationToken))
            if (exists.IsSuccessStatusCode) return;

        using var get = new HttpRequestMessage(HttpMethod.Get, $"v2/{source.Repository}/blobs/{digest}");
        using var blob = await SendAsync(from, get, $"read blob {source.Repository}@{digest}", cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        using var start = new HttpRequestMessage(HttpMethod.Post, $"v2/{target.Repository}/blobs/uploads/");
        using var started = await SendAsync(to, start, $"start upload to {target.Repository}", cancellationToken);
        var location = started.Headers.Location ?? throw new ContainerEngineException($"{target.Repository}: the registry gave no upload location");
        var upload = new UriBuilder(location.IsAbsoluteUri ? location : new Uri(to.BaseAddress!, location));
        upload.Query = (upload.Query.TrimStart('?') is { Length: > 0 } query ? query + "&" : "") + "digest=" + Uri.EscapeDataString(digest);
        using var put = new HttpRequestMessage(HttpMethod.Put, upload.Uri) { Content = new StreamContent(await blob.Content.ReadAsStreamAsync(cancellationToken)) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        put.Content.Headers.ContentLength = blob.Content.Headers.ContentLength;
        using var _ = await SendAsync(to, put, $"upload blob {digest} to {target.Repository}", cancellationToken);
        log($"copied {digest[..19]} ({blob.Content.Headers.ContentLength ?? 0} bytes) to {target.Repository}");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string what, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var response = await client.SendAsync(request, completion, cancellationToken);
        if (response.IsSuccessStatusCode) return response;
        var status = response.StatusCode;
        response.Dispose();
        throw new ContainerEngineException(status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"could not {what}: the registry refused the login ({(int)status})"
            : $"could not {what}: the registry answered {(int)status} {status}");
    }

    private HttpClient Client(RegistryEndpoint endpoint)
    {
        var client = new HttpClient(transport, disposeHandler: false) { BaseAddress = endpoint.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        if (endpoint.Login is { } login)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password.Reveal()}")));
        return client;
    }
}
