namespace Deployer.Providers.Images;

/// <summary>
/// docker (the CLI of a running daemon). Credentials reach it as DOCKER_CONFIG, a directory holding the auth file
/// named <c>config.json</c>. It pushes a tag as named (tag first), has no digest file (read RepoDigests after the
/// push), and leaves TLS to the daemon (loopback registries are plain http by default). Storage options do not apply.
/// </summary>
public sealed class DockerEngine : IContainerEngine
{
    public string Name => "docker";
    public bool WritesDigestFile => false;

    public ContainerCommand Version() => new(Name, ["--version"]);

    public ContainerCommand Build(ImageBuildRequest request) => new(Name, ["build", .. EngineArguments.Build(request)]);

    public ContainerCommand Push(string localReference, string remoteReference, string authFile, string digestFile, bool tlsVerify)
    {
        if (localReference != remoteReference)
            throw new ArgumentException($"docker pushes a tag as named: tag '{localReference}' as '{remoteReference}' first.", nameof(remoteReference));
        return WithConfig(new(Name, ["push", remoteReference]), authFile);
    }

    public ContainerCommand Pull(string remoteReference, string authFile, bool tlsVerify) => WithConfig(new(Name, ["pull", remoteReference]), authFile);

    public ContainerCommand Tag(string sourceReference, string targetReference) => new(Name, ["tag", sourceReference, targetReference]);

    public ContainerCommand Inspect(string localReference) => new(Name, ["image", "inspect", localReference]);

    public ImageInspection ParseInspect(string output) => ImageInspection.FromDockerOrPodman(output);

    private static ContainerCommand WithConfig(ContainerCommand command, string authFile)
    {
        if (!string.Equals(Path.GetFileName(authFile), "config.json", StringComparison.Ordinal))
            throw new ArgumentException($"docker reads credentials from DOCKER_CONFIG/config.json; '{authFile}' is not named config.json.", nameof(authFile));
        return command.WithEnvironment("DOCKER_CONFIG", Path.GetDirectoryName(Path.GetFullPath(authFile))!);
    }
}
