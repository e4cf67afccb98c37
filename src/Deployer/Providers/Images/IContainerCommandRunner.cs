namespace Deployer.Providers.Images;

/// <summary>Runs rendered <see cref="ContainerCommand"/>s; the one place container processes start.</summary>
public interface IContainerCommandRunner
{
    /// <summary>
    /// Runs the command to completion (or kills it when cancelled) and returns its exit code and output without judging it.
    /// Throws <see cref="ContainerEngineException"/> when the program cannot be started at all.
    /// </summary>
    Task<ContainerCommandResult> RunAsync(ContainerCommand command, CancellationToken cancellationToken);
}
