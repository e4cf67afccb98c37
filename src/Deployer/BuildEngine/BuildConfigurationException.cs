namespace Deployer.BuildEngine;

/// <summary>
/// Problems found before any target runs (bad arguments, unknown targets, cycles, unmet
/// requirements). All of them are collected so the user fixes everything in one go.
/// </summary>
internal sealed class BuildConfigurationException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public BuildConfigurationException(string error) : this([error]) { }

    public IReadOnlyList<string> Errors { get; } = errors;
}
