using Deployer.Simulators;
using Deployer.Tests.Providers.Sam;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Tests.Examples;

/// <summary>
/// A loopback endpoint for runs that cannot be handed an HTTP handler (the build surface, as ./build.sh): every request is
/// passed on to moto through a <see cref="CloudFormationFront"/>, so the Serverless transform is expanded by the real
/// aws-sam-translator and every submitted template is linted, exactly as in the SAM tests. Point
/// <c>AWS_ENDPOINT_URL_CLOUDFORMATION</c> at <see cref="Endpoint"/>.
/// </summary>
public sealed class CloudFormationGateway : IAsyncDisposable
{
    private LoopbackHost _host = null!;
    private readonly HttpMessageInvoker _invoker;

    private CloudFormationGateway(CloudFormationFront front)
    {
        Front = front;
        _invoker = new HttpMessageInvoker(front, disposeHandler: false);
    }

    public CloudFormationFront Front { get; }
    public Uri Endpoint => _host.Endpoint;

    public static async Task<CloudFormationGateway> StartAsync(Uri moto)
    {
        var gateway = new CloudFormationGateway(new CloudFormationFront());
        gateway._host = await LoopbackHost.StartAsync(app => app.Run(context => gateway.ForwardAsync(context, moto)));
        return gateway;
    }

    private async Task ForwardAsync(HttpContext context, Uri moto)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(moto, context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await _invoker.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type) context.Response.ContentType = type.ToString();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _invoker.Dispose();
        Front.Dispose();
    }
}
