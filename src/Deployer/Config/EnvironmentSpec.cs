using System.ComponentModel;

namespace Deployer.Config;

/// <summary>One deploy environment: where it lives and every target deployed into it.</summary>
public sealed record EnvironmentSpec : ISectioned
{
    [Description("AWS account, region and role for this environment.")]
    public AwsSpec? Aws { get; init; }

    [Description("Environment whose last verified release this one receives on Promote (e.g. production promotes from staging).")]
    public string? PromotesFrom { get; init; }

    [Description("Human approval before deploying (enforced by the GitHub environment's required reviewers).")]
    public ApprovalSpec? Approval { get; init; }

    [Description("Where images are pushed for this environment (default: ECR of the environment's AWS account).")]
    public RegistrySpec? Registry { get; init; }

    private System.Collections.Immutable.ImmutableDictionary<string, object> _sections = SectionValues.Empty;

    /// <summary>The environment's provider sections (services, vercel, database, verify …) by key; read them through the module's <see cref="Section{T}"/>.</summary>
    public IReadOnlyDictionary<string, object> Sections => _sections;

    SectionScope ISectioned.Scope => SectionScope.Environment;

    void ISectioned.SetSection(string key, object? value) =>
        _sections = _sections.With(key, value);
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
