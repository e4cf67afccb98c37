using System.ComponentModel;

namespace Deployer.Config;

/// <summary>An ECS Fargate service and how it rolls out.</summary>
public sealed record EcsServiceSpec
{
    [Description("ECS service name.")]
    public required string Name { get; init; }

    [Description("Cluster (default: the environment's 'cluster').")]
    public string? Cluster { get; init; }

    [Description("Image built by this repository (a key of 'images'). Exclusive with 'imageUri'.")]
    public string? Image { get; init; }

    [Description("An image not built here, e.g. qdrant/qdrant:v1.12.4. Exclusive with 'image'.")]
    public string? ImageUri { get; init; }

    [Description("Task definition JSON file in the repository; without it the live task definition is the template.")]
    public string? TaskDefinition { get; init; }

    [Description("Container whose image, command, environment and secrets are set (default: the service name).")]
    public string? Container { get; init; }

    [Description("Command override (one image, several entrypoints).")]
    public IReadOnlyList<string> Command { get; init; } = [];

    [Description("Plain environment variables for the container.")]
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    [Description("Secrets injected by ECS from Secrets Manager or SSM, by variable name.")]
    public IReadOnlyDictionary<string, SecretRef> Secrets { get; init; } = new Dictionary<string, SecretRef>();

    [Description("Number of tasks (default: keep the live value).")]
    public int? DesiredCount { get; init; }

    [Description("Lower limit of running tasks during a rolling deployment, in percent of desiredCount (default: keep the live value).")]
    public int? MinimumHealthyPercent { get; init; }

    [Description("Upper limit of running tasks during a rolling deployment, in percent of desiredCount (default: keep the live value).")]
    public int? MaximumPercent { get; init; }

    [Description("Rollout strategy.")]
    public EcsStrategy Strategy { get; init; } = EcsStrategy.Rolling;

    [Description("Minutes the new revision bakes before the old one is removed (blueGreen, canary, linear).")]
    public int? BakeMinutes { get; init; }

    [Description("Traffic percentage of the canary step (canary).")]
    public double? CanaryPercent { get; init; }

    [Description("Traffic percentage per step (linear).")]
    public double? StepPercent { get; init; }

    [Description("Roll back automatically when the deployment circuit breaker trips.")]
    public bool CircuitBreaker { get; init; } = true;

    [Description("CloudWatch alarms that roll the deployment back.")]
    public IReadOnlyList<string> Alarms { get; init; } = [];

    [Description("Minutes to wait for the deployment before it counts as timed out.")]
    public int TimeoutMinutes { get; init; } = 30;

    [Description("Stop a timed-out deployment with a rollback (StopServiceDeployment ROLLBACK).")]
    public bool RollbackOnTimeout { get; init; } = true;
}

public enum EcsStrategy { Rolling, BlueGreen, Canary, Linear }

/// <summary>A SAM (CloudFormation) stack.</summary>
public sealed record SamStackSpec
{
    [Description("CloudFormation stack name.")]
    public required string Stack { get; init; }

    [Description("SAM template path, relative to the repository root.")]
    public required string Template { get; init; }

    [Description("Template parameter overrides.")]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    [Description("Capabilities acknowledged for the change set.")]
    public IReadOnlyList<string> Capabilities { get; init; } = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"];

    [Description("Bucket for packaged code (default: let SAM resolve one).")]
    public string? S3Bucket { get; init; }
}

/// <summary>An Amplify Hosting app deployed manually from a build output folder.</summary>
public sealed record AmplifyAppSpec
{
    [Description("Amplify app id.")]
    public required string AppId { get; init; }

    [Description("Branch name.")]
    public required string Branch { get; init; }

    [Description("Build output folder whose contents are zipped at the root, relative to the repository root.")]
    public required string Artifact { get; init; }

    [Description("Command that produces the artifact (run before packaging).")]
    public string? Build { get; init; }

    [Description("Public URL checked after the job succeeds (default: the branch's amplifyapp.com URL).")]
    public string? Url { get; init; }
}

/// <summary>A Vercel project.</summary>
public sealed record VercelProjectSpec
{
    [Description("Vercel project name or id.")]
    public required string Project { get; init; }

    [Description("Vercel team id or slug (the deploy fails early when the token cannot see it).")]
    public string? Team { get; init; }

    [Description("Folder deployed, relative to the repository root.")]
    public required string Directory { get; init; }

    [Description("Deploy the prebuilt .vercel/output folder instead of building on Vercel.")]
    public bool Prebuilt { get; init; }

    [Description("Deploy to production (promote after READY); otherwise a preview deployment.")]
    public bool Production { get; init; } = true;

    [Description("Extra aliases assigned after the deployment is ready.")]
    public IReadOnlyList<string> Aliases { get; init; } = [];

    [Description("Build-time environment for the deployment.")]
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
}

/// <summary>A static site uploaded to S3 and served through CloudFront.</summary>
public sealed record StaticSiteSpec
{
    [Description("Short name shown in the plan.")]
    public required string Name { get; init; }

    [Description("Folder to upload, relative to the repository root.")]
    public required string Directory { get; init; }

    [Description("Command that produces the folder (run before upload).")]
    public string? Build { get; init; }

    [Description("S3 bucket.")]
    public required string Bucket { get; init; }

    [Description("Key prefix inside the bucket.")]
    public string? Prefix { get; init; }

    [Description("CloudFront distribution to invalidate after upload.")]
    public string? DistributionId { get; init; }

    [Description("Cache-Control for hashed assets; index.html is always sent with no-cache.")]
    public string CacheControl { get; init; } = "public, max-age=31536000, immutable";

    [Description("Delete objects that are no longer in the folder.")]
    public bool Prune { get; init; } = true;

    [Description("Public URL of the site.")]
    public string? Url { get; init; }
}

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

    [Description("Reverse proxy that switches traffic between blue and green.")]
    public required ProxySpec Proxy { get; init; }

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

    [Description("Command override.")]
    public IReadOnlyList<string> Command { get; init; } = [];

    [Description("Plain environment variables.")]
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    [Description("Secrets written to the 0600 env file on the host.")]
    public IReadOnlyDictionary<string, SecretRef> Secrets { get; init; } = new Dictionary<string, SecretRef>();
}
