using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Deployer.Providers.Images;
using Deployer.Secrets;

namespace Deployer.Tests.Support;

/// <summary>
/// A real OCI registry (Debian's <c>docker-registry</c>, distribution 2.8) on a free 127.0.0.1 port: plain http,
/// filesystem storage in a temp dir, htpasswd (bcrypt) auth for one user. Disposing kills it and deletes its files.
/// </summary>
public sealed class OciRegistry : IAsyncDisposable
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly HttpClient _http;

    private OciRegistry(string directory, int port, string username, Secret password, Process process, StringBuilder log)
    {
        Directory = directory;
        Host = $"127.0.0.1:{port}";
        Login = new RegistryLogin(username, password);
        _process = process;
        _log = log;
        _http = new HttpClient { BaseAddress = new Uri($"http://{Host}/"), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password.Reveal()}")));
    }

    public string Directory { get; }

    /// <summary><c>127.0.0.1:port</c>, the registry part of image references.</summary>
    public string Host { get; }

    /// <summary>The one user the registry accepts.</summary>
    public RegistryLogin Login { get; }

    /// <summary>What the registry logged so far (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary><c>127.0.0.1:port/repository:tag</c>.</summary>
    public string Reference(string repository, string tag) => $"{Host}/{repository}:{tag}";

    /// <summary>Starts a registry that accepts <paramref name="username"/> with <paramref name="password"/> and waits until /v2/ answers 401.</summary>
    public static async Task<OciRegistry> StartAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var registry = RequiredTool.Program("docker-registry", "docker-registry");
        var htpasswd = RequiredTool.Program("htpasswd", "apache2-utils");
        var directory = System.IO.Directory.CreateTempSubdirectory("deployer-registry-").FullName;
        try
        {
            // -i reads the password from stdin, so it is not on htpasswd's command line either.
            var hash = await Cli.Wrap(htpasswd).WithArguments(["-Bin", username]).WithStandardInputPipe(PipeSource.FromString(password))
                .ExecuteBufferedAsync(cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory, "htpasswd"), hash.StandardOutput, cancellationToken);
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                await File.WriteAllTextAsync(Path.Combine(directory, "config.yml"), Config(directory, port), cancellationToken);
                var log = new StringBuilder();
                var process = Start(registry, Path.Combine(directory, "config.yml"), log);
                var started = new OciRegistry(directory, port, username, new Secret(password), process, log);
                if (await started.WaitUntilReadyAsync(cancellationToken)) return started;
                await started.StopAsync();
                if (attempt == 3 || !started.Log.Contains("address already in use", StringComparison.Ordinal))
                    throw new InvalidOperationException($"docker-registry did not start on {started.Host}:\n{started.Log}");
            }
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>The <c>Docker-Content-Digest</c> the registry reports for a tag or digest (GET with OCI and Docker manifest types accepted).</summary>
    public async Task<string> GetManifestDigestAsync(string repository, string reference) => (await GetManifestAsync(repository, reference)).Digest;

    /// <summary>The manifest as stored, with its digest and media type.</summary>
    public async Task<RegistryManifest> GetManifestAsync(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET manifest {repository}:{reference} answered {(int)response.StatusCode}: {body}");
        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.Single() : "";
        return new RegistryManifest(digest, response.Content.Headers.ContentType?.MediaType ?? "", body);
    }

    /// <summary>
    /// Stores a small OCI image (a config and one layer of <paramref name="layerBytes"/> random bytes) straight through the
    /// distribution API, for tests about registries rather than builds; returns the manifest digest.
    /// </summary>
    public async Task<string> PutImageAsync(string repository, string tag, int layerBytes = 4096)
    {
        async Task<(string Digest, long Size)> Blob(byte[] bytes)
        {
            var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            using var started = await _http.PostAsync($"v2/{repository}/blobs/uploads/", null);
            Assert.True(started.IsSuccessStatusCode, $"start upload answered {(int)started.StatusCode}");
            var location = started.Headers.Location!;
            var upload = location.IsAbsoluteUri ? location.ToString() : new Uri(_http.BaseAddress!, location).ToString();
            using var put = await _http.PutAsync(upload + (upload.Contains('?') ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest), new ByteArrayContent(bytes));
            Assert.True(put.IsSuccessStatusCode, $"blob upload answered {(int)put.StatusCode}");
            return (digest, bytes.Length);
        }
        var layer = await Blob(System.Security.Cryptography.RandomNumberGenerator.GetBytes(layerBytes));
        var config = await Blob(Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["{{{layer.Digest}}}"]}}"""));
        var manifest = $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{config.Digest}}}","size":{{{config.Size}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{{layer.Digest}}}","size":{{{layer.Size}}}}]}""";
        using var content = new StringContent(manifest, new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using var stored = await _http.PutAsync($"v2/{repository}/manifests/{tag}", content);
        Assert.True(stored.IsSuccessStatusCode, $"manifest put answered {(int)stored.StatusCode}: {await stored.Content.ReadAsStringAsync()}");
        return stored.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>The image config blob the manifest points at (architecture, config.Labels, history, …).</summary>
    public async Task<JsonDocument> GetConfigAsync(string repository, string reference)
    {
        using var manifest = JsonDocument.Parse((await GetManifestAsync(repository, reference)).Json);
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString();
        return JsonDocument.Parse(await _http.GetStringAsync($"v2/{repository}/blobs/{configDigest}"));
    }

    /// <summary>The labels in the image config blob.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(string repository, string reference)
    {
        using var config = await GetConfigAsync(repository, reference);
        return config.RootElement.GetProperty("config").TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await StopAsync();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var anonymous = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15) && !_process.HasExited)
        {
            try
            {
                using var response = await anonymous.GetAsync($"http://{Host}/v2/", cancellationToken);
                if (response.StatusCode == HttpStatusCode.Unauthorized) return true;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50, cancellationToken);
        }
        return false;
    }

    private static Process Start(string program, string config, StringBuilder log)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(program, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false },
        };
        void Append(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Config(string directory, int port) => $"""
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: {Path.Combine(directory, "data")}
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:{port}
          secret: {Guid.NewGuid():N}
        auth:
          htpasswd:
            realm: deployer-tests
            path: {Path.Combine(directory, "htpasswd")}
        """;
}

/// <summary>A manifest as a registry serves it.</summary>
public sealed record RegistryManifest(string Digest, string MediaType, string Json);
