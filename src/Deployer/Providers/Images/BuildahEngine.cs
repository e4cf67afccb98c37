namespace Deployer.Providers.Images;

/// <summary>
/// buildah: daemonless builds and pushes. Storage flags precede the subcommand; <c>--isolation</c> applies to builds;
/// pushes write the manifest digest with <c>--digestfile</c>.
/// </summary>
public sealed class BuildahEngine(ContainerEngineOptions options) : IContainerEngine
{
    public BuildahEngine() : this(ContainerEngineOptions.Default) { }

    public string Name => "buildah";
    public bool WritesDigestFile => true;

    public ContainerCommand Version() => new(Name, ["--version"]);

    public ContainerCommand Build(ImageBuildRequest request) =>
        Command("build", Isolation(options), EngineArguments.Build(request));

    public ContainerCommand Push(string localReference, string remoteReference, string authFile, string digestFile, bool tlsVerify) =>
        Command("push", EngineArguments.Registry(authFile, tlsVerify), ["--digestfile", digestFile, localReference, EngineArguments.Docker(remoteReference)]);

    public ContainerCommand Pull(string remoteReference, string authFile, bool tlsVerify) =>
        Command("pull", EngineArguments.Registry(authFile, tlsVerify), [EngineArguments.Docker(remoteReference)]);

    public ContainerCommand Tag(string sourceReference, string targetReference) => Command("tag", [sourceReference, targetReference]);

    public ContainerCommand Inspect(string localReference) => Command("inspect", ["--type", "image", localReference]);

    public ImageInspection ParseInspect(string output) => ImageInspection.FromBuildah(output);

    internal static IEnumerable<string> Isolation(ContainerEngineOptions options) =>
        options.Isolation is { Length: > 0 } isolation ? ["--isolation", isolation] : [];

    private ContainerCommand Command(string subcommand, params IEnumerable<string>[] parts) =>
        new(Name, [.. EngineArguments.Storage(options), subcommand, .. parts.SelectMany(p => p)]);
}
