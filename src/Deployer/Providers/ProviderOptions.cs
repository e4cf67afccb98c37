using Deployer.Providers.Ecs;
using Deployer.Providers.Images;
using Deployer.Providers.Migrations;
using Deployer.Providers.Snapshots;

namespace Deployer.Providers;

/// <summary>Knobs of the standard providers that tests and unusual setups change; every default suits real AWS.</summary>
public sealed record ProviderOptions
{
    public static ProviderOptions Default { get; } = new();

    public PollingOptions Polling { get; init; } = PollingOptions.Default;

    /// <summary>Test transport for AWS calls (a recording handler); null uses the network.</summary>
    public HttpMessageHandler? AwsTransport { get; init; }

    /// <summary>Container engine settings; null reads DEPLOYER_CONTAINER_* from the environment.</summary>
    public ContainerEngineOptions? ContainerEngine { get; init; }

    /// <summary>How long a verify check waits between attempts.</summary>
    public TimeSpan VerifyInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>docker, podman or buildah, as the --container-engine parameter gives it; null detects.</summary>
    public string? ContainerEngineName { get; init; }

    /// <summary>The Vercel token the run was given (--vercel-token, which NUKE also reads from VERCEL_TOKEN); null reads VERCEL_TOKEN.</summary>
    public string? VercelToken { get; init; }

    /// <summary>RDS polling and the snapshot timeout.</summary>
    public SnapshotOptions Snapshot { get; init; } = SnapshotOptions.Default;

    /// <summary>Timeouts of <c>runOn: ecsTask</c> migrations.</summary>
    public MigrationTaskOptions MigrationTask { get; init; } = MigrationTaskOptions.Default;
}
