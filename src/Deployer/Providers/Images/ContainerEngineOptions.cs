namespace Deployer.Providers.Images;

/// <summary>
/// How to run the container engine. Null values leave the engine's defaults. Storage options apply to podman and
/// buildah (docker's storage belongs to its daemon); <see cref="Runtime"/> and <see cref="CgroupManager"/> to podman.
/// </summary>
public sealed record ContainerEngineOptions
{
    public static ContainerEngineOptions Default { get; } = new();

    /// <summary>DEPLOYER_CONTAINER_ENGINE (docker, podman, buildah), _STORAGE_DRIVER, _ROOT, _RUNROOT, _ISOLATION.</summary>
    public static ContainerEngineOptions FromEnvironment(IReadOnlyDictionary<string, string> environment) => new()
    {
        Engine = environment.GetValueOrDefault("DEPLOYER_CONTAINER_ENGINE"),
        StorageDriver = environment.GetValueOrDefault("DEPLOYER_CONTAINER_STORAGE_DRIVER"),
        Root = environment.GetValueOrDefault("DEPLOYER_CONTAINER_ROOT"),
        RunRoot = environment.GetValueOrDefault("DEPLOYER_CONTAINER_RUNROOT"),
        Isolation = environment.GetValueOrDefault("DEPLOYER_CONTAINER_ISOLATION"),
    };

    /// <summary>docker, podman or buildah; null or empty detects one (docker, then podman, then buildah).</summary>
    public string? Engine { get; init; }

    /// <summary>Storage driver (<c>--storage-driver</c>), e.g. <c>vfs</c> where overlay is unavailable.</summary>
    public string? StorageDriver { get; init; }

    /// <summary>Image storage directory (<c>--root</c>).</summary>
    public string? Root { get; init; }

    /// <summary>State directory (<c>--runroot</c>).</summary>
    public string? RunRoot { get; init; }

    /// <summary>How RUN steps are isolated (<c>--isolation</c>: oci, chroot, rootless); chroot needs no namespaces or cgroups.</summary>
    public string? Isolation { get; init; }

    /// <summary>OCI runtime for podman (<c>--runtime</c>), e.g. <c>runc</c>.</summary>
    public string? Runtime { get; init; }

    /// <summary>Cgroup manager for podman (<c>--cgroup-manager</c>), e.g. <c>cgroupfs</c> without systemd.</summary>
    public string? CgroupManager { get; init; }

    /// <summary>
    /// Self-contained storage under <paramref name="directory"/> (vfs driver, own root and runroot, chroot isolation,
    /// runc with cgroupfs): what tests and CI use to run podman or buildah without a daemon, systemd or overlayfs.
    /// </summary>
    public static ContainerEngineOptions Sandboxed(string directory, string? engine = null) => new()
    {
        Engine = engine,
        StorageDriver = "vfs",
        Root = Path.Combine(directory, "storage"),
        RunRoot = Path.Combine(directory, "run"),
        Isolation = "chroot",
        Runtime = "runc",
        CgroupManager = "cgroupfs",
    };
}
