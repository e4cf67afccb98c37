using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CliWrap;
using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>
/// Runs <see cref="ContainerCommand"/>s through CliWrap: output lines stream to <c>onLine</c> as they arrive (scrubbed of
/// known secret values) and are captured for the result; cancellation kills the process tree.
/// </summary>
public sealed class ContainerCommandRunner(Action<string> onLine, SecretValues? secrets = null) : IContainerCommandRunner
{
    /// <summary>A runner that writes each output line to <paramref name="log"/>.</summary>
    public ContainerCommandRunner(TextWriter log, SecretValues? secrets = null) : this(log.WriteLine, secrets) { }

    /// <summary>A runner that only captures output.</summary>
    public static ContainerCommandRunner Quiet { get; } = new(_ => { });

    public async Task<ContainerCommandResult> RunAsync(ContainerCommand command, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        var gate = new object();
        void Line(StringBuilder into, string line)
        {
            line = secrets?.Scrub(line) ?? line;
            lock (gate)
            {
                into.AppendLine(line);
                onLine(line);
            }
        }

        var cli = Cli.Wrap(command.Program)
            .WithArguments(command.Arguments)
            .WithEnvironmentVariables(command.Environment.ToDictionary(e => e.Key, e => (string?)e.Value))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Line(output, line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Line(error, line)))
            .WithValidation(CommandResultValidation.None);
        if (command.StandardInput is { } input) cli = cli.WithStandardInputPipe(PipeSource.FromString(input.Reveal()));

        onLine(secrets?.Scrub("$ " + command.Display) ?? "$ " + command.Display);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await cli.ExecuteAsync(cancellationToken);
            return new ContainerCommandResult(command, result.ExitCode, output.ToString(), error.ToString(), clock.Elapsed);
        }
        catch (Exception e) when (e is Win32Exception || e is InvalidOperationException { InnerException: Win32Exception })
        {
            throw new ContainerEngineException($"Could not start `{command.Program}`: it is not installed or not on PATH.", e);
        }
    }
}
