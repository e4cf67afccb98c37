namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// A host of the source environment that received the image a promotion ships (staging's home server): when neither the
/// production host nor this runner's engine has the recorded id, the image is streamed from here, through the runner.
/// </summary>
/// <param name="Place">The host's description path (<c>environments.staging.homeServers[0]</c>), named in every refusal.</param>
public sealed record ImageOrigin(HomeServerSpec Server, string Place)
{
    public override string ToString() => $"{Server.User}@{Server.Host}:{Server.Port}";
}
