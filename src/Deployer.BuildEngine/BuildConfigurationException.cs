namespace Deployer.BuildEngine;

/// <summary>
/// Problems found before any target runs, printed without a stack trace. All of them are collected so the user fixes
/// everything in one go. Invalid input (unknown parameters or targets, bad values, missing profiles, unmet requirements)
/// exits 2; a mistake in the build class itself (a dependency cycle, a parameter that cannot be injected) exits 1.
/// </summary>
internal sealed class BuildConfigurationException(IReadOnlyList<string> errors, int exitCode = BuildConfigurationException.InvalidInput)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public const int InvalidInput = 2;
    public const int InvalidBuild = 1;

    public BuildConfigurationException(string error) : this([error]) { }

    public IReadOnlyList<string> Errors { get; } = errors;

    public int ExitCode { get; } = exitCode;

    /// <summary>The build class is wrong, not what the user passed.</summary>
    public static BuildConfigurationException InBuild(IReadOnlyList<string> errors) => new(errors, InvalidBuild);

    /// <inheritdoc cref="InBuild(IReadOnlyList{string})"/>
    public static BuildConfigurationException InBuild(string error) => new([error], InvalidBuild);
}
