using System.Globalization;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// The engine commands of a blue/green deploy as argv (podman and docker take the same words for these). Every
/// container is labelled with its service, so the host's containers can be listed without trusting their names alone.
/// </summary>
public sealed record ContainerCommands(ContainerEngine Engine)
{
    public const string ServiceLabel = "deployer.service";

    private string Program => Engine == ContainerEngine.Podman ? "podman" : "docker";

    public RemoteCommand Version() => RemoteCommand.Of(Program, "--version");

    /// <summary>Starts the container detached, its port published on a free loopback port of the host.</summary>
    public RemoteCommand Run(ServiceContainer container, HomeServiceSpec service, string image, string? envFile)
    {
        var argv = new List<string> { Program, "run", "-d", "--name", container.Name,
            "--label", $"{ServiceLabel}={service.Name}", "--label", $"deployer.colour={container.Colour.ToString().ToLowerInvariant()}", "--label", $"deployer.image={image}",
            "-p", $"127.0.0.1::{service.Port.ToString(CultureInfo.InvariantCulture)}" };
        if (envFile is not null) argv.AddRange(["--env-file", envFile]);
        foreach (var (name, value) in service.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)) argv.AddRange(["-e", $"{name}={value}"]);
        argv.Add(image);
        argv.AddRange(service.Command);
        return new RemoteCommand(argv);
    }

    /// <summary>Prints <c>127.0.0.1:&lt;port&gt;</c>, where the container's port is published.</summary>
    public RemoteCommand Port(string container, int port) => RemoteCommand.Of(Program, "port", container, $"{port.ToString(CultureInfo.InvariantCulture)}/tcp");

    /// <summary>The service's containers, one name a line; running ones only unless <paramref name="all"/>.</summary>
    public RemoteCommand List(string service, bool all) => new(
        new[] { Program, "ps" }.Concat(all ? ["-a"] : Array.Empty<string>()).Concat(["--filter", $"label={ServiceLabel}={service}", "--format", "{{.Names}}"]).ToArray());

    public RemoteCommand Start(string container) => RemoteCommand.Of(Program, "start", container);

    /// <summary>Stops gracefully (SIGTERM, then SIGKILL after 10 s), keeping the container for rollback.</summary>
    public RemoteCommand Stop(string container) => RemoteCommand.Of(Program, "stop", "-t", "10", container);

    public RemoteCommand Remove(params string[] containers) => new(new[] { Program, "rm", "-f" }.Concat(containers).ToArray());

    public RemoteCommand Logs(string container) => RemoteCommand.Of(Program, "logs", "--tail", "20", container);

    /// <summary>The loopback address in <c>podman port</c> / <c>docker port</c> output (docker may add an IPv6 line).</summary>
    public static string? Address(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal));
}
