using System.Diagnostics;
using System.Text.Json.Nodes;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// A throw-away <c>caddy run</c> on two free loopback ports (admin API and HTTP), its state in a temp directory. Its one
/// server starts with a user's catch-all route answering 503, which the deploy's routes must go in front of.
/// </summary>
public sealed class CaddyProxy : IAsyncDisposable
{
    private readonly Process _process;

    private CaddyProxy(string directory, int adminPort, int httpPort, Process process)
    {
        Directory = directory;
        AdminPort = adminPort;
        HttpPort = httpPort;
        _process = process;
    }

    public string Directory { get; }
    public int AdminPort { get; }
    public int HttpPort { get; }
    public string AdminUrl => $"http://127.0.0.1:{AdminPort}";

    public static async Task<CaddyProxy> StartAsync()
    {
        var caddy = RequiredTool.Program("caddy", "caddy");
        var directory = System.IO.Directory.CreateTempSubdirectory("deployer-caddy-").FullName;
        var (adminPort, httpPort) = (SshServer.FreePort(), SshServer.FreePort());
        var config = new JsonObject
        {
            ["admin"] = new JsonObject { ["listen"] = $"127.0.0.1:{adminPort}" },
            ["apps"] = new JsonObject
            {
                ["http"] = new JsonObject
                {
                    ["servers"] = new JsonObject
                    {
                        ["main"] = new JsonObject
                        {
                            ["listen"] = new JsonArray($"127.0.0.1:{httpPort}"),
                            ["automatic_https"] = new JsonObject { ["disable"] = true },
                            ["routes"] = new JsonArray(new JsonObject
                            {
                                ["handle"] = new JsonArray(new JsonObject { ["handler"] = "static_response", ["status_code"] = 503, ["body"] = "no route" }),
                            }),
                        },
                    },
                },
            },
        };
        var file = Path.Combine(directory, "caddy.json");
        await File.WriteAllTextAsync(file, config.ToJsonString());
        var start = new ProcessStartInfo(caddy) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "run", "--config", file }) start.ArgumentList.Add(argument);
        foreach (var variable in new[] { "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME" }) start.Environment[variable] = directory;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new CaddyProxy(directory, adminPort, httpPort, process);
        await proxy.WaitReadyAsync();
        return proxy;
    }

    /// <summary>The body Caddy answers for <paramref name="domain"/>'s root, with its status.</summary>
    public async Task<(int Status, string Body)> GetAsync(HttpClient http, string domain)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{HttpPort}/");
        request.Headers.Host = domain;
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
    }

    // Polls the admin API until it answers, within a deadline generous enough for a loaded runner.
    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"caddy exited with {_process.ExitCode}");
            try
            {
                using var response = await http.GetAsync($"{AdminUrl}/config/");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("caddy's admin API did not answer within 60 s");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
