using System.ComponentModel;

namespace Deployer.Config;

/// <summary>One deploy environment: where it lives and every target deployed into it.</summary>
public sealed record EnvironmentSpec
{
    [Description("AWS account, region and role for this environment.")]
    public AwsSpec? Aws { get; init; }

    [Description("Environment whose last verified release this one receives on Promote (e.g. production promotes from staging).")]
    public string? PromotesFrom { get; init; }

    [Description("Human approval before deploying (enforced by the GitHub environment's required reviewers).")]
    public ApprovalSpec? Approval { get; init; }

    [Description("Where images are pushed for this environment (default: ECR of the environment's AWS account).")]
    public RegistrySpec? Registry { get; init; }

    [Description("The environment's database: connection for migrations and snapshot before migrating.")]
    public DatabaseSpec? Database { get; init; }

    [Description("Default ECS cluster for 'services'.")]
    public string? Cluster { get; init; }

    [Description("ECS Fargate services, deployed in parallel after migrations.")]
    public IReadOnlyList<EcsServiceSpec> Services { get; init; } = [];

    [Description("SAM / CloudFormation stacks.")]
    public IReadOnlyList<SamStackSpec> Sam { get; init; } = [];

    [Description("Amplify Hosting apps deployed from a build output folder.")]
    public IReadOnlyList<AmplifyAppSpec> Amplify { get; init; } = [];

    [Description("Vercel projects.")]
    public IReadOnlyList<VercelProjectSpec> Vercel { get; init; } = [];

    [Description("Static sites uploaded to S3 and served by CloudFront.")]
    public IReadOnlyList<StaticSiteSpec> StaticSites { get; init; } = [];

    [Description("Hosts reached over SSH that run containers behind a reverse proxy.")]
    public IReadOnlyList<HomeServerSpec> HomeServers { get; init; } = [];

    [Description("Checks run against the public URLs after every target has switched.")]
    public IReadOnlyList<VerifySpec> Verify { get; init; } = [];
}

/// <summary>AWS account, region and the role deploys assume.</summary>
public sealed record AwsSpec
{
    [Description("12-digit AWS account id.")]
    public required string Account { get; init; }

    [Description("AWS region, e.g. me-south-1.")]
    public required string Region { get; init; }

    [Description("IAM role to assume (GitHub OIDC role in workflows).")]
    public string? Role { get; init; }
}

/// <summary>Approval gate before an environment is deployed.</summary>
public sealed record ApprovalSpec
{
    [Description("Whether a reviewer must approve the deploy.")]
    public bool Required { get; init; } = true;

    [Description("GitHub users or teams expected to review (documentation for the GitHub environment).")]
    public IReadOnlyList<string> Reviewers { get; init; } = [];
}

/// <summary>Container registry images are pushed to.</summary>
public sealed record RegistrySpec
{
    [Description("ecr (the environment's AWS account), oci (any registry), or ssh (no registry: images are copied to the home servers over SSH).")]
    public RegistryKind Kind { get; init; } = RegistryKind.Ecr;

    [Description("Registry host (and optional namespace) for kind 'oci', e.g. ghcr.io/acme.")]
    public string? Server { get; init; }

    [Description("Registry user for kind 'oci'.")]
    public string? Username { get; init; }

    [Description("Registry password or token for kind 'oci'.")]
    public SecretRef? Password { get; init; }

    [Description("Create ECR repositories with immutable tags (a pushed sha can never point at other content).")]
    public bool ImmutableTags { get; init; }
}

public enum RegistryKind { Ecr, Oci, Ssh }

/// <summary>The environment's database as migrations see it.</summary>
public sealed record DatabaseSpec
{
    [Description("Connection string used by the migrator (never printed).")]
    public required SecretRef Connection { get; init; }

    [Description("RDS snapshot before migrating.")]
    public SnapshotSpec? Snapshot { get; init; }
}

/// <summary>An RDS snapshot taken before migrations.</summary>
public sealed record SnapshotSpec
{
    [Description("RDS DB instance identifier to snapshot.")]
    public required string Instance { get; init; }

    [Description("Take the snapshot (on by default once configured).")]
    public bool Enabled { get; init; } = true;
}

/// <summary>A check against a public URL after the deploy.</summary>
public sealed record VerifySpec
{
    [Description("Short name shown in the summary.")]
    public required string Name { get; init; }

    [Description("URL to fetch.")]
    public required string Url { get; init; }

    [Description("Expected HTTP status code.")]
    public int ExpectStatus { get; init; } = 200;

    [Description("Text the response body must contain.")]
    public string? Contains { get; init; }

    [Description("How long to keep retrying before the check fails.")]
    public int TimeoutSeconds { get; init; } = 120;
}
