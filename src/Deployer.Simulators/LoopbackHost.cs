using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Simulators;

/// <summary>
/// A real HTTP server (Kestrel) on free 127.0.0.1 ports, for simulators and test servers: a slim web application without
/// logging or configuration sources, whose routes the caller maps before it starts. Disposing it stops it.
/// </summary>
public sealed class LoopbackHost : IAsyncDisposable
{
    private LoopbackHost(WebApplication app, IReadOnlyList<Uri> endpoints)
    {
        App = app;
        Endpoints = endpoints;
    }

    public WebApplication App { get; }

    /// <summary>The base URL of each listener (ending in '/'), in the order they were opened.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>The base URL of the first listener.</summary>
    public Uri Endpoint => Endpoints[0];

    /// <summary>Starts a host with <paramref name="listeners"/> listeners, each on its own free port.</summary>
    public static async Task<LoopbackHost> StartAsync(Action<WebApplication> map, int listeners = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(listeners, 1);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(LoopbackHost).Assembly.GetName().Name });
        builder.Configuration.Sources.Clear(); // no appsettings.json or ASPNETCORE_* variables: the listeners below are the only ones
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            for (var i = 0; i < listeners; i++) kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var endpoints = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address.TrimEnd('/') + "/")).ToArray();
        return new LoopbackHost(app, endpoints);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
