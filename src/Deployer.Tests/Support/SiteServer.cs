using System.Collections.Concurrent;
using Deployer.Simulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Tests.Support;

/// <summary>
/// The public side of a deployed app, for verify checks: a real HTTP server (Kestrel) on a free 127.0.0.1 port whose
/// answer per path the test sets, and which counts the requests it got.
/// </summary>
public sealed class SiteServer : IAsyncDisposable
{
    private LoopbackHost _host = null!;
    private readonly ConcurrentDictionary<string, Func<int, (int Status, string Body)>> _answers = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();

    private SiteServer() { }

    public Uri Endpoint => _host.Endpoint;

    public string Url(string path) => new Uri(Endpoint, path.TrimStart('/')).ToString();

    /// <summary>Answers <paramref name="path"/> by the number of the request (1 first).</summary>
    public void Answer(string path, Func<int, (int Status, string Body)> answer) => _answers[path] = answer;

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public static async Task<SiteServer> StartAsync()
    {
        var server = new SiteServer();
        server._host = await LoopbackHost.StartAsync(app => app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            var hit = server._hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            var (status, body) = server._answers.TryGetValue(path, out var answer) ? answer(hit) : (404, "not found");
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body);
        }));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
    }
}
