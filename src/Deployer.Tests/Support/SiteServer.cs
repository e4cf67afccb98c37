using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Tests.Support;

/// <summary>
/// The public side of a deployed app, for verify checks: a real HTTP server (Kestrel) on a free 127.0.0.1 port whose
/// answer per path the test sets, and which counts the requests it got.
/// </summary>
public sealed class SiteServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<int, (int Status, string Body)>> _answers = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();

    private SiteServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public string Url(string path) => new Uri(Endpoint, path.TrimStart('/')).ToString();

    /// <summary>Answers <paramref name="path"/> by the number of the request (1 first).</summary>
    public void Answer(string path, Func<int, (int Status, string Body)> answer) => _answers[path] = answer;

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public static async Task<SiteServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new SiteServer(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            var hit = server._hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            var (status, body) = server._answers.TryGetValue(path, out var answer) ? answer(hit) : (404, "not found");
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
