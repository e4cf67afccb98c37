using System.Text;
using System.Text.RegularExpressions;
using CliWrap;
using Deployer.Execution;
using Deployer.Secrets;

namespace Deployer.Providers.Migrations;

/// <summary>
/// Runs Alembic against one database: reads the current revision, lists pending revisions, renders their SQL offline, and
/// upgrades under the <see cref="MigrationLock"/>. Every output line goes to the callback scrubbed of the connection secret.
/// </summary>
public sealed partial class AlembicMigrator : IMigrator
{
    private readonly AlembicProject _project;
    private readonly Action<string> _output;
    private readonly TimeProvider _time;
    private readonly SecretValues _secrets = new();

    public AlembicMigrator(AlembicProject project, TimeProvider time, Action<string> output)
    {
        _time = time;
        _project = project;
        _output = line => output(_secrets.Scrub(line));
        _secrets.Add(project.Connection);
        var password = UrlPassword().Match(project.Connection.Reveal());
        if (password.Success) { _secrets.Add(password.Groups[1].Value); _secrets.Add(Uri.UnescapeDataString(password.Groups[1].Value)); }
    }

    Task<MigrationPreview> IMigrator.PreviewAsync(string? target, CancellationToken cancellationToken) =>
        PreviewAsync(target ?? "head", cancellationToken);

    Task<MigrationResult> IMigrator.UpgradeAsync(string? target, CancellationToken cancellationToken) =>
        UpgradeAsync(target ?? "head", cancellationToken);

    /// <summary>The command for <paramref name="arguments"/> (e.g. <c>upgrade head</c>), as it would run.</summary>
    public AlembicCommand Command(params string[] arguments) =>
        new(_project.Python, _project.IniFile, Path.GetFullPath(_project.Directory), arguments);

    /// <summary>The database's current revision, or null when it has none (empty database).</summary>
    public async Task<string?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(Command("current"), echo: false, cancellationToken);
        if (result.ExitCode != 0) throw Failure("alembic current", result);
        var revisions = result.Stdout.Split('\n').Select(l => RevisionLine().Match(l.Trim())).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        if (revisions.Count > 1) throw new MigrationException($"The database has several Alembic heads ({string.Join(", ", revisions)}); merge them first.");
        return revisions.SingleOrDefault();
    }

    /// <summary>The revisions an upgrade to <paramref name="target"/> would apply, oldest first.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(string target = "head", CancellationToken cancellationToken = default) =>
        await PendingAsync(await CurrentAsync(cancellationToken), target, cancellationToken);

    private async Task<IReadOnlyList<string>> PendingAsync(string? current, string target, CancellationToken cancellationToken)
    {
        var result = await RunAsync(Command("history", "-r", $"{current ?? "base"}:{target}"), echo: false, cancellationToken);
        if (result.ExitCode != 0) throw Failure("alembic history", result);
        return result.Stdout.Split('\n').Select(l => HistoryLine().Match(l.Trim())).Where(m => m.Success)
            .Select(m => m.Groups["rev"].Value).Where(r => r != current).Reverse().ToList();
    }

    /// <summary>The SQL of the pending migrations up to <paramref name="target"/> (Alembic offline mode); empty when none are pending.</summary>
    public async Task<string> OfflineSqlAsync(string target = "head", CancellationToken cancellationToken = default) =>
        await OfflineSqlAsync(await CurrentAsync(cancellationToken), target, cancellationToken);

    private async Task<string> OfflineSqlAsync(string? current, string target, CancellationToken cancellationToken)
    {
        var range = current is null ? target : $"{current}:{target}";
        var result = await RunAsync(Command("upgrade", range, "--sql"), echo: false, cancellationToken);
        if (result.ExitCode != 0) throw Failure($"alembic upgrade {range} --sql", result);
        return _secrets.Scrub(result.Stdout);
    }

    /// <summary>A dry run: pending revisions and, when Alembic can render it offline, their SQL (null when it cannot). Changes nothing.</summary>
    public async Task<MigrationPreview> PreviewAsync(string target = "head", CancellationToken cancellationToken = default)
    {
        var current = await CurrentAsync(cancellationToken);
        var pending = await PendingAsync(current, target, cancellationToken);
        if (pending.Count == 0) return new MigrationPreview(current, pending, "");
        try { return new MigrationPreview(current, pending, await OfflineSqlAsync(current, target, cancellationToken)); }
        catch (MigrationException e)
        {
            _output($"offline SQL is not available ({e.Message.Split('\n')[0]}); pending revisions: {string.Join(", ", pending)}");
            return new MigrationPreview(current, pending, null);
        }
    }

    /// <summary>
    /// Upgrades to <paramref name="target"/> while holding the migration lock. Unchanged when already there; a failing revision
    /// throws <see cref="MigrationException"/> with Alembic's error and the revision the database stays at.
    /// </summary>
    public async Task<MigrationResult> UpgradeAsync(string target = "head", CancellationToken cancellationToken = default)
    {
        await using var _ = await MigrationLock.AcquireAsync(_project.Connection, _project.LockTimeout, _time, _output, cancellationToken);
        var before = await CurrentAsync(cancellationToken);
        var pending = await PendingAsync(before, target, cancellationToken);
        if (pending.Count == 0)
        {
            _output($"database is at {before ?? "<base>"}; nothing to migrate");
            return new MigrationResult(before, before, Outcome.Unchanged, []);
        }
        _output($"upgrading {before ?? "<base>"} -> {target}: {string.Join(", ", pending)}");
        var result = await RunAsync(Command("upgrade", target), echo: true, cancellationToken);
        var after = await CurrentAsync(cancellationToken);
        if (result.ExitCode != 0)
        {
            var failed = RunningUpgrade().Matches(result.Stderr).LastOrDefault()?.Groups[1].Value;
            throw new MigrationException(
                $"alembic upgrade {target} failed{(failed is null ? "" : $" in revision {failed}")}: {ErrorText(result)}; the database stays at {after ?? "<base>"}.",
                before, after, failed);
        }
        return new MigrationResult(before, after, before == after ? Outcome.Unchanged : Outcome.Succeeded,
            pending.Take(after is null ? 0 : pending.ToList().IndexOf(after) + 1).ToList());
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private async Task<Run> RunAsync(AlembicCommand command, bool echo, CancellationToken cancellationToken)
    {
        if (!File.Exists(command.Python))
            throw new MigrationException(_project.PythonSetting is { } setting
                ? AlembicProject.MissingPython(setting)
                : $"{command.Python} is missing: install the Debian packages python3-alembic and python3-psycopg2.");
        if (!File.Exists(Path.Combine(command.WorkingDirectory, command.IniFile)))
            throw new MigrationException($"{Path.Combine(command.WorkingDirectory, command.IniFile)} does not exist: the migrations directory needs an Alembic ini file.");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var result = await Cli.Wrap(command.Python).WithArguments(command.FullArguments).WithWorkingDirectory(command.WorkingDirectory)
            .WithEnvironmentVariables(env =>
            {
                env.Set(_project.ConnectionVariable, _project.Connection.Reveal()).Set("PYTHONDONTWRITEBYTECODE", "1");
                if (_project.ReadOnly) env.Set("PGOPTIONS", "-c default_transaction_read_only=on");
            })
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => { stdout.AppendLine(line); if (echo) _output(line); }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => { stderr.AppendLine(line); if (echo) _output(line); }))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cancellationToken);
        var run = new Run(result.ExitCode, stdout.ToString(), stderr.ToString());
        if (run.ExitCode != 0 && MissingModule().Match(run.Stderr) is { Success: true } missing)
            throw new MigrationException(missing.Groups[1].Value switch
            {
                var module when _project.PythonSetting is { } setting =>
                    $"migrations.python: {setting} has no module {module}: add it to the requirements that Python was set up with (pip install -r requirements.txt).",
                "alembic" => $"{command.Python} has no alembic module: install the Debian package python3-alembic.",
                "psycopg2" => $"{command.Python} has no psycopg2 module: install the Debian package python3-psycopg2.",
                var other => $"{command.Python} has no module {other}, which the migrations import.",
            });
        return run;
    }

    private MigrationException Failure(string what, Run run) => new($"{what} failed (exit {run.ExitCode}): {ErrorText(run)}");

    /// <summary>The exception line of Alembic's traceback (or the last lines of its output), scrubbed.</summary>
    private string ErrorText(Run run)
    {
        var lines = (run.Stderr + run.Stdout).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        var error = lines.LastOrDefault(l => ExceptionLine().IsMatch(l))
                    ?? string.Join(" | ", lines.Where(l => !l.StartsWith("INFO ", StringComparison.Ordinal)).TakeLast(3));
        return _secrets.Scrub(error.Length > 0 ? error : "no output");
    }

    [GeneratedRegex(@"^([0-9A-Za-z_]+)(?: \(head\))?(?: \(effective head\))?$")]
    private static partial Regex RevisionLine();
    [GeneratedRegex(@"^(?<down>\S+|<base>) -> (?<rev>[0-9A-Za-z_]+)(?: \([^)]*\))*,")]
    private static partial Regex HistoryLine();
    [GeneratedRegex(@"Running upgrade \S* ?-> ([0-9A-Za-z_]+)")]
    private static partial Regex RunningUpgrade();
    [GeneratedRegex(@"^(?:[A-Za-z_][\w.]*(?:Error|Exception|Failure)|FAILED)\b.*", RegexOptions.Multiline)]
    private static partial Regex ExceptionLine();
    [GeneratedRegex(@"No module named '?([\w.]+)'?")]
    private static partial Regex MissingModule();
    [GeneratedRegex(@"://[^/\s:@]+:([^@\s/]+)@")]
    private static partial Regex UrlPassword();
}
