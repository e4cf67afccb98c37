using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>A user name and password (or token, e.g. from ECR's GetAuthorizationToken) for one registry.</summary>
public sealed record RegistryLogin(string Username, Secret Password);
