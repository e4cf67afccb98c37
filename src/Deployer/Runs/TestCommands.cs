using CliWrap;
using Deployer.Config;
using Deployer.Output;
using Deployer.Secrets;

namespace Deployer.Runs;

/// <summary>Runs the description's test and lint commands in order; the first failure stops the rest.</summary>
public static class TestCommands
{
    /// <returns>0 when every command passed, else <see cref="Execution.ExitCodes.Failed"/>.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<CommandSpec> commands, string root, bool dryRun, TextWriter log, CancellationToken cancellationToken) =>
        await RunAsync(commands, root, dryRun, log, new SecretValues(), cancellationToken);

    /// <summary>
    /// As above, with each command's standard output and error scrubbed as streams of their own: a secret a command
    /// prints across several lines (a private key) is caught whole, and lines of the other stream cannot split it.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<CommandSpec> commands, string root, bool dryRun, TextWriter log, SecretValues secrets,
        CancellationToken cancellationToken)
    {
        if (commands.Count == 0)
        {
            log.WriteLine("No test commands in the deploy description.");
            return 0;
        }
        foreach (var command in commands)
        {
            var directory = Path.GetFullPath(Path.Combine(root, command.WorkingDirectory ?? "."));
            if (dryRun)
            {
                log.WriteLine($"would run {command.Name}: {command.Run}  (in {Path.GetRelativePath(root, directory)})");
                continue;
            }
            log.WriteLine($"▶ {command.Name}: {command.Run}");
            int exitCode;
            using (var output = new ScrubbingWriter(log, secrets))
            using (var error = new ScrubbingWriter(log, secrets))
            {
                var result = await Cli.Wrap("/bin/sh").WithArguments(["-c", command.Run]).WithWorkingDirectory(directory)
                    .WithStandardOutputPipe(Into(output))
                    .WithStandardErrorPipe(Into(error))
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteAsync(cancellationToken);
                exitCode = result.ExitCode;
            }
            if (exitCode != 0)
            {
                log.WriteLine($"✗ {command.Name} exited with code {exitCode}");
                return Execution.ExitCodes.Failed;
            }
            log.WriteLine($"✓ {command.Name}");
        }
        return 0;
    }

    /// <summary>The characters of a pipe as they come, not split into lines: the writer decides what is safe to pass on.</summary>
    private static PipeTarget Into(TextWriter writer) => PipeTarget.Create(async (stream, cancellationToken) =>
    {
        using var reader = new StreamReader(stream);
        var buffer = new char[8192];
        var last = '\n';
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            writer.Write(buffer, 0, read);
            last = buffer[read - 1];
        }
        // The next line of the log starts on a line of its own, as it did when output was passed on line by line.
        if (last != '\n') writer.WriteLine();
    });
}
