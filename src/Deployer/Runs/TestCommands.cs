using CliWrap;
using Deployer.Config;

namespace Deployer.Runs;

/// <summary>Runs the description's test and lint commands in order; the first failure stops the rest.</summary>
public static class TestCommands
{
    /// <returns>0 when every command passed, else <see cref="Execution.ExitCodes.Failed"/>.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<CommandSpec> commands, string root, bool dryRun, TextWriter log, CancellationToken cancellationToken)
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
            var result = await Cli.Wrap("/bin/sh").WithArguments(["-c", command.Run]).WithWorkingDirectory(directory)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(log.WriteLine))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(log.WriteLine))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(cancellationToken);
            if (result.ExitCode != 0)
            {
                log.WriteLine($"✗ {command.Name} exited with code {result.ExitCode}");
                return Execution.ExitCodes.Failed;
            }
            log.WriteLine($"✓ {command.Name}");
        }
        return 0;
    }
}
