using System.Collections.Concurrent;
using Deployer.Providers.Images;
using Xunit.Abstractions;

namespace Deployer.Tests.Support;

/// <summary>
/// buildah or podman with throw-away storage (vfs driver, own --root/--runroot, chroot isolation, runc + cgroupfs for
/// podman), its output streamed to the test log, and a context that builds a real image without internet: busybox from
/// Debian's busybox-static on <c>FROM scratch</c>. Disposing deletes the storage and contexts.
/// </summary>
public sealed class ImageSandbox : IDisposable
{
    public ImageSandbox(string engine, ITestOutputHelper output)
    {
        RequiredTool.Program(engine, engine);
        if (engine == "podman") RequiredTool.Program("runc", "runc");
        Directory = System.IO.Directory.CreateTempSubdirectory($"deployer-{engine}-").FullName;
        Options = ContainerEngineOptions.Sandboxed(Directory, engine);
        Engine = ContainerEngineDetector.Create(engine, Options);
        Runner = new ContainerCommandRunner(line =>
        {
            Lines.Enqueue(line);
            try { output.WriteLine(line); } catch (InvalidOperationException) { /* the test has finished */ }
        });
        Publisher = new ImagePublisher(Engine, Runner, Directory);
    }

    public string Directory { get; }
    public ContainerEngineOptions Options { get; }
    public IContainerEngine Engine { get; }
    public ContainerCommandRunner Runner { get; }
    public ImagePublisher Publisher { get; }

    /// <summary>Every line the engine printed, and each command as <c>$ …</c>.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>
    /// A build context: <c>FROM scratch</c>, busybox copied in, <c>busybox --install</c> run (a real RUN step under the
    /// chosen isolation), and a CMD printing <paramref name="message"/>.
    /// </summary>
    /// <summary>
    /// Points a Deployer run at this sandbox and the local parts of an ECR release: ECR's API on moto, pushes to the
    /// registry (which accepts the ECR login), and this sandbox's engine storage.
    /// </summary>
    public void ConfigureRelease(IDictionary<string, string> environment, Uri ecrEndpoint, string registryHost)
    {
        environment["AWS_ENDPOINT_URL_ECR"] = ecrEndpoint.ToString();
        environment["DEPLOYER_ECR_REGISTRY"] = registryHost;
        environment["DEPLOYER_CONTAINER_STORAGE_DRIVER"] = Options.StorageDriver!;
        environment["DEPLOYER_CONTAINER_ROOT"] = Options.Root!;
        environment["DEPLOYER_CONTAINER_RUNROOT"] = Options.RunRoot!;
        environment["DEPLOYER_CONTAINER_ISOLATION"] = Options.Isolation!;
    }

    public string BusyboxContext(string message = "hello from deployer")
    {
        var busybox = RequiredTool.File("/bin/busybox", "busybox-static");
        var context = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "context-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.Copy(busybox, Path.Combine(context, "busybox"));
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"""
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            CMD ["/bin/echo", "{message}"]
            """);
        return context;
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
