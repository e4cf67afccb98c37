using System.ComponentModel;

namespace Deployer.Config;

/// <summary>The whole deploy description of one application (deploy.yml), immutable after loading.</summary>
public sealed record DeployDescription : ISectioned
{
    [Description("Application name; prefixes repository names, stack names and release records.")]
    public required string App { get; init; }

    [Description("Commands the Test target runs, in order (tests, linters). Each fails the build when it exits non-zero.")]
    public IReadOnlyList<CommandSpec> Test { get; init; } = [];

    [Description("Container images built from this repository, by name. Services refer to them by that name.")]
    public IReadOnlyDictionary<string, ImageSpec> Images { get; init; } = new Dictionary<string, ImageSpec>();

    [Description("Deploy environments by name (staging, production, …).")]
    public required IReadOnlyDictionary<string, EnvironmentSpec> Environments { get; init; }

    private System.Collections.Immutable.ImmutableDictionary<string, object> _sections = SectionValues.Empty;

    /// <summary>Top-level sections of provider modules (migrations …); read them through the module's <see cref="Section{T}"/>.</summary>
    public IReadOnlyDictionary<string, object> Sections => _sections;

    SectionScope ISectioned.Scope => SectionScope.Description;

    void ISectioned.SetSection(string key, object? value) =>
        _sections = _sections.With(key, value);
}

/// <summary>A shell command the Test target runs.</summary>
public sealed record CommandSpec
{
    [Description("Short name shown in the log and summary.")]
    public required string Name { get; init; }

    [Description("Shell command line, run with /bin/sh -c.")]
    public required string Run { get; init; }

    [Description("Directory to run in, relative to the repository root.")]
    public string? WorkingDirectory { get; init; }
}

/// <summary>A container image built from the repository.</summary>
public sealed record ImageSpec
{
    [Description("Build context directory, relative to the repository root.")]
    public required string Context { get; init; }

    [Description("Dockerfile path, relative to the repository root (default: <context>/Dockerfile).")]
    public string? Dockerfile { get; init; }

    [Description("Build stage to stop at (--target).")]
    public string? Target { get; init; }

    [Description("Target platform, e.g. linux/amd64 or linux/arm64.")]
    public string Platform { get; init; } = "linux/amd64";

    [Description("Build arguments (--build-arg).")]
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    [Description("Repository name in the registry (default: <app>-<image name>).")]
    public string? Repository { get; init; }

    [Description("This image's own scan gate: replaces the environment's 'scan' for this image in every environment that scans.")]
    public Providers.Images.ScanSpec? Scan { get; init; }
}
