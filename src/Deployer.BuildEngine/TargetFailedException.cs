namespace Deployer.BuildEngine;

/// <summary>
/// An expected, user-facing failure (a deploy that did not become healthy, a missing image): the
/// engine prints its message only. Any other exception is treated as a bug and printed in full.
/// </summary>
public class TargetFailedException(string message, int exitCode = 1) : Exception(message)
{
    /// <summary>Returned by the process unless a target set <see cref="NukeBuild.ExitCode"/>.</summary>
    public int ExitCode { get; } = exitCode;
}
