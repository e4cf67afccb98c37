using System.Text;
using CliWrap;
using Deployer.Execution;
using Deployer.Secrets;

namespace Deployer.Providers.Migrations;

/// <summary>
/// A <c>tool: command</c> migration on the runner: the description's command runs in its directory with the connection
/// string in <see cref="CommandProject.ConnectionVariable"/> (never on the command line), under the
/// <see cref="MigrationLock"/>. The command owns its revisions, so Deployer can neither read them nor render their SQL.
/// </summary>
public sealed class CommandMigrator(CommandProject project, TimeProvider time, Action<string> output) : IMigrator
{
    private readonly SecretValues _secrets = Scrubber(project.Connection);
    private string Text => string.Join(' ', project.Command);

    public Task<string?> CurrentAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public Task<MigrationPreview> PreviewAsync(string? target, CancellationToken cancellationToken = default)
    {
        output($"would run '{Text}' in {project.Directory} with the connection in {project.ConnectionVariable}; a command migration cannot preview its SQL");
        return Task.FromResult(new MigrationPreview("unknown (a command migration does not report its revision)", [$"run '{Text}'"], null));
    }

    public async Task<MigrationResult> UpgradeAsync(string? target, CancellationToken cancellationToken = default)
    {
        await using var _ = await MigrationLock.AcquireAsync(project.Connection, project.LockTimeout, time, line => output(_secrets.Scrub(line)), cancellationToken);
        var tail = new Queue<string>();
        void Line(string line)
        {
            var scrubbed = _secrets.Scrub(line);
            output(scrubbed);
            lock (tail) { tail.Enqueue(scrubbed); if (tail.Count > 20) tail.Dequeue(); }
        }
        try
        {
            var result = await Cli.Wrap(project.Command[0]).WithArguments(project.Command.Skip(1))
                .WithWorkingDirectory(project.Directory)
                .WithEnvironmentVariables(e => e.Set(project.ConnectionVariable, project.Connection.Reveal()))
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(Line))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(Line))
                .ExecuteAsync(cancellationToken);
            if (result.ExitCode != 0)
                throw new MigrationException($"The migration command '{Text}' exited with {result.ExitCode}: {string.Join(" | ", tail)}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MigrationException($"Could not start the migration command '{Text}': {e.Message}");
        }
        return new MigrationResult(null, null, Outcome.Succeeded, [$"ran '{Text}'"]);
    }

    private static SecretValues Scrubber(Secret connection)
    {
        var secrets = new SecretValues();
        secrets.Add(connection);
        return secrets;
    }
}

/// <summary>A command migration: what runs, where, and how it receives the connection.</summary>
public sealed record CommandProject(string Directory, IReadOnlyList<string> Command, Secret Connection)
{
    public string ConnectionVariable { get; init; } = "DATABASE_URL";
    /// <summary>How long a run waits for another run's migration lock before failing.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
