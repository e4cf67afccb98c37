namespace Deployer.Providers.Images;

/// <summary>A user-facing container engine failure (missing or unknown engine, failed build or push); the message says what to do.</summary>
public sealed class ContainerEngineException(string message, Exception? inner = null) : Exception(message, inner);
