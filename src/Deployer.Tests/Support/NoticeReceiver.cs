using System.Collections.Concurrent;
using Deployer.Simulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Tests.Support;

/// <summary>
/// A real HTTP endpoint on a free loopback port standing in for Slack, a Matrix homeserver or a webhook receiver: it
/// keeps every request (method, path, headers, body) and answers with the status the test sets, or never answers.
/// </summary>
public sealed class NoticeReceiver : IAsyncDisposable
{
    private LoopbackHost _host = null!;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly CancellationTokenSource _stopping = new();

    private NoticeReceiver() { }

    public Uri Endpoint => _host.Endpoint;

    /// <summary>The status every request gets; null holds each request open until the receiver stops.</summary>
    public int? Status { get; set; } = 200;

    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    public string Url(string path) => new Uri(Endpoint, path.TrimStart('/')).ToString();

    public static async Task<NoticeReceiver> StartAsync()
    {
        var receiver = new NoticeReceiver();
        receiver._host = await LoopbackHost.StartAsync(app => app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            // The raw target, as sent: the path's percent-encoding is part of what is tested.
            var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
            receiver._received.Enqueue(new ReceivedRequest(context.Request.Method, target, headers, body));
            if (receiver.Status is not { } status)
            {
                await Task.Delay(Timeout.Infinite, receiver._stopping.Token).ContinueWith(_ => { });
                return;
            }
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 200 ? """{"event_id":"$1"}""" : "error");
        }));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _host.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One request as the receiver saw it; <see cref="Path"/> is the raw request target, query included.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
