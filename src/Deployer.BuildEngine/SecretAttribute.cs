namespace Deployer.BuildEngine;

/// <summary>
/// Marks a parameter whose value the engine never prints; under GitHub Actions it is also masked
/// with <c>::add-mask::</c> before any other output.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
