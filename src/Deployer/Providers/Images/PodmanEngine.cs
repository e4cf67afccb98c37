namespace Deployer.Providers.Images;

/// <summary>
/// podman: storage, runtime and cgroup-manager flags precede the subcommand; builds take <c>--isolation</c>; pushes
/// write the manifest digest with <c>--digestfile</c>.
/// </summary>
public sealed class PodmanEngine(ContainerEngineOptions options) : IContainerEngine
{
    public PodmanEngine() : this(ContainerEngineOptions.Default) { }

    public string Name => "podman";
    public bool WritesDigestFile => true;

    public ContainerCommand Version() => new(Name, ["--version"]);

    public ContainerCommand Build(ImageBuildRequest request) =>
        Command(["build"], BuildahEngine.Isolation(options), EngineArguments.Build(request));

    public ContainerCommand Push(string localReference, string remoteReference, string authFile, string digestFile, bool tlsVerify) =>
        Command(["push"], EngineArguments.Registry(authFile, tlsVerify), ["--digestfile", digestFile, localReference, EngineArguments.Docker(remoteReference)]);

    public ContainerCommand Pull(string remoteReference, string authFile, bool tlsVerify) =>
        Command(["pull"], EngineArguments.Registry(authFile, tlsVerify), [EngineArguments.Docker(remoteReference)]);

    public ContainerCommand Tag(string sourceReference, string targetReference) => Command(["tag"], [sourceReference, targetReference]);

    public ContainerCommand Inspect(string localReference) => Command(["image", "inspect"], [localReference]);

    public ImageInspection ParseInspect(string output) => ImageInspection.FromDockerOrPodman(output);

    private ContainerCommand Command(params IEnumerable<string>[] parts) =>
        new(Name, [.. EngineArguments.Storage(options), .. Runtime(), .. parts.SelectMany(p => p)]);

    private IEnumerable<string> Runtime()
    {
        if (options.Runtime is { Length: > 0 } runtime) { yield return "--runtime"; yield return runtime; }
        if (options.CgroupManager is { Length: > 0 } manager) { yield return "--cgroup-manager"; yield return manager; }
    }
}
