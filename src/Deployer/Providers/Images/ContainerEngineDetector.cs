namespace Deployer.Providers.Images;

/// <summary>
/// Picks the container engine: the one named in <see cref="ContainerEngineOptions.Engine"/>, else the first of docker,
/// podman, buildah whose <c>--version</c> succeeds. Unknown or missing engines are <see cref="ContainerEngineException"/>s
/// naming what was looked for.
/// </summary>
public static class ContainerEngineDetector
{
    /// <summary>The engines Deployer drives, in detection order.</summary>
    public static IReadOnlyList<string> Known { get; } = ["docker", "podman", "buildah"];

    private static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>
    {
        ["docker"] = "docker.io", ["podman"] = "podman", ["buildah"] = "buildah",
    };

    /// <summary>The engine called <paramref name="name"/>, without checking it is installed.</summary>
    public static IContainerEngine Create(string name, ContainerEngineOptions options) =>
        name.Trim().ToLowerInvariant() switch
        {
            "docker" => new DockerEngine(),
            "podman" => new PodmanEngine(options),
            "buildah" => new BuildahEngine(options),
            _ => throw new ContainerEngineException(
                $"Unknown container engine '{name}': use docker, podman or buildah, or leave it empty to use the first one installed."),
        };

    /// <summary>The named engine if it answers <c>--version</c>, or the first installed of docker, podman, buildah.</summary>
    public static async Task<IContainerEngine> DetectAsync(ContainerEngineOptions options, IContainerCommandRunner runner, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Engine))
        {
            var engine = Create(options.Engine, options);
            if (await AnswersAsync(engine, runner, cancellationToken)) return engine;
            throw new ContainerEngineException(
                $"Container engine '{engine.Name}' was chosen but `{engine.Name} --version` failed: it is not installed or not on PATH. " +
                $"Install it (Debian package {Packages[engine.Name]}) or choose another engine.");
        }
        foreach (var name in Known)
        {
            var engine = Create(name, options);
            if (await AnswersAsync(engine, runner, cancellationToken)) return engine;
        }
        throw new ContainerEngineException(
            "No container engine found: looked for docker, podman and buildah (`<engine> --version`) on PATH. " +
            "Install one (Debian packages docker.io, podman, buildah) or name one in the engine option.");
    }

    private static async Task<bool> AnswersAsync(IContainerEngine engine, IContainerCommandRunner runner, CancellationToken cancellationToken)
    {
        try
        {
            return (await runner.RunAsync(engine.Version(), cancellationToken)).Succeeded;
        }
        catch (ContainerEngineException)
        {
            return false;
        }
    }
}
