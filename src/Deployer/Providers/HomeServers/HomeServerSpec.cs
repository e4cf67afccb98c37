using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.HomeServers;

/// <summary>A host reached over SSH that runs containers behind a reverse proxy, deployed blue/green.</summary>
public sealed record HomeServerSpec
{
    [Description("Host name or address.")]
    public required string Host { get; init; }

    [Description("SSH port.")]
    public int Port { get; init; } = 22;

    [Description("SSH user.")]
    public required string User { get; init; }

    [Description("Private key for the SSH user.")]
    public required SecretRef PrivateKey { get; init; }

    [Description("Expected host key fingerprint (SHA256:…); connections to any other key are refused.")]
    public required string HostKey { get; init; }

    [Description("Container engine on the host.")]
    public ContainerEngine Engine { get; init; } = ContainerEngine.Docker;

    [Description("Platform of the host's CPU, e.g. linux/arm64 for a Raspberry Pi; images are built for it when it differs from theirs (registry ssh).")]
    public string? Platform { get; init; }

    [Description("Reverse proxy that switches traffic between blue and green.")]
    public required ProxySpec Proxy { get; init; }

    [Description("Minutes the host's deployment lock (~/.deployer/locks/<app>.lock) outlives a run that stopped renewing it; a live run renews it every third of that.")]
    public int LockTtlMinutes { get; init; } = 30;

    [Description("Containers deployed to this host.")]
    public required IReadOnlyList<HomeServiceSpec> Services { get; init; }
}

public enum ContainerEngine { Docker, Podman }

/// <summary>The proxy in front of a home server's containers.</summary>
public sealed record ProxySpec
{
    [Description("Proxy kind.")]
    public required ProxyKind Kind { get; init; }

    [Description("Dynamic config file the proxy watches (traefik file provider, nginx include), on the host.")]
    public string? ConfigPath { get; init; }

    [Description("Admin API URL on the host (caddy).")]
    public string? AdminUrl { get; init; }

    [Description("Main nginx configuration, passed as -c to `nginx -t` and `nginx -s reload` (default: nginx's own).")]
    public string? NginxConfig { get; init; }
}

public enum ProxyKind { Traefik, Caddy, Nginx }

/// <summary>One container on a home server.</summary>
public sealed record HomeServiceSpec
{
    [Description("Service name (container names are <name>-blue / <name>-green).")]
    public required string Name { get; init; }

    [Description("Image built by this repository (a key of 'images'). Exclusive with 'imageUri'.")]
    public string? Image { get; init; }

    [Description("An image not built here. Exclusive with 'image'.")]
    public string? ImageUri { get; init; }

    [Description("Port the container listens on.")]
    public required int Port { get; init; }

    [Description("Public host name routed to this service by the proxy.")]
    public string? Domain { get; init; }

    [Description("Health path polled until 2xx before traffic switches.")]
    public string HealthPath { get; init; } = "/up";

    [Description("Seconds between health checks of the new container.")]
    public int HealthIntervalSeconds { get; init; } = 1;

    [Description("Seconds the new container has to answer its health path with 2xx before it is removed and the old one keeps serving.")]
    public int HealthTimeoutSeconds { get; init; } = 60;

    [Description("Seconds in-flight requests may finish on the old container after the switch, before it is stopped.")]
    public int DrainSeconds { get; init; } = 5;

    [Description("Stopped containers kept on the host for rollback.")]
    public int Keep { get; init; } = 3;

    [Description("Command override.")]
    public IReadOnlyList<string> Command { get; init; } = [];

    [Description("Plain environment variables.")]
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    [Description("Secrets written to the 0600 env file on the host.")]
    public IReadOnlyDictionary<string, SecretRef> Secrets { get; init; } = new Dictionary<string, SecretRef>();
}
