using System.ComponentModel;
using System.Text;
using CliWrap;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Secrets;
using Npgsql;

namespace Deployer.Providers.Migrations;

/// <summary>
/// Runs EF Core migrations against one database: reads the applied migrations from the history table, lists the project's
/// migrations with dotnet ef, renders the idempotent script of the pending ones, and applies them under the
/// <see cref="MigrationLock"/> with a migration bundle or <c>dotnet ef database update</c>. Every output line goes to the
/// callback scrubbed of the connection secret.
/// </summary>
public sealed class EfCoreMigrator : IMigrator
{
    private readonly EfCoreProject _project;
    private readonly Action<string> _output;
    private readonly TimeProvider _time;
    private readonly SecretValues _secrets = new();
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _built;
    private IReadOnlyList<EfCoreMigration>? _migrations;

    public EfCoreMigrator(EfCoreProject project, TimeProvider time, Action<string> output)
    {
        _time = time;
        _project = project;
        _output = line => output(_secrets.Scrub(line));
        _secrets.Add(project.Connection);
        foreach (var password in Passwords(project.Connection.Reveal())) _secrets.Add(password);
    }

    private string ProjectDirectory => Path.GetFullPath(_project.Directory);

    /// <summary><c>dotnet ef &lt;arguments&gt;</c> for the project, as it would run (on the build made before, without colour codes).</summary>
    public EfCoreCommand Command(params string[] arguments) => new(_project.Dotnet, ProjectDirectory,
        ["ef", .. arguments, .. ProjectArguments(startup: true), "--no-build", "--prefix-output"]);

    /// <summary>The build every dotnet ef command then reuses.</summary>
    public EfCoreCommand BuildCommand() => new(_project.Dotnet, ProjectDirectory, ["build", .. ProjectArguments(startup: false), "-nologo", "-v:q"]);

    /// <summary>Builds the migration bundle into <paramref name="output"/>.</summary>
    public EfCoreCommand BundleCommand(string output) => Command("migrations", "bundle", "--output", output, "--force");

    /// <summary>Runs <paramref name="bundle"/> up to <paramref name="target"/> (null = the last migration).</summary>
    public EfCoreCommand BundleRunCommand(string bundle, string? target) => new(Path.GetFullPath(bundle), ProjectDirectory, [.. Optional(target), "--prefix-output"]);

    /// <summary>The project's migrations, oldest first (read once per migrator; they are compiled into the project).</summary>
    public async Task<IReadOnlyList<EfCoreMigration>> MigrationsAsync(CancellationToken cancellationToken = default)
    {
        if (_migrations is { } known) return known;
        await EnsureBuiltAsync(cancellationToken);
        var result = await RunAsync(Command("migrations", "list", "--json", "--no-connect"), echo: false, cancellationToken);
        if (result.ExitCode != 0) throw Failure("dotnet ef migrations list", result);
        return _migrations = EfCoreOutput.Migrations(result.Stdout);
    }

    /// <summary>The last migration the database has applied, or null when it has none (no history table).</summary>
    public async Task<string?> CurrentAsync(CancellationToken cancellationToken = default) =>
        (await AppliedAsync(cancellationToken)).LastOrDefault();

    /// <summary>The migrations an upgrade to <paramref name="target"/> (id or name; null = the last) would apply, oldest first.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        var migrations = await MigrationsAsync(cancellationToken);
        return Pending(migrations, await AppliedAsync(cancellationToken), Resolve(migrations, target));
    }

    /// <summary>
    /// The idempotent script (<c>dotnet ef migrations script --idempotent</c>) of the migrations pending up to
    /// <paramref name="target"/>: each guarded by its history row, so it is safe to run again. Empty when none are pending.
    /// </summary>
    public async Task<string> OfflineSqlAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        var migrations = await MigrationsAsync(cancellationToken);
        var pending = Pending(migrations, await AppliedAsync(cancellationToken), Resolve(migrations, target));
        return await ScriptAsync(migrations, pending, cancellationToken);
    }

    /// <summary>A dry run: the current migration, the pending ones and their idempotent script (null when it cannot be rendered). Changes nothing.</summary>
    public async Task<MigrationPreview> PreviewAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        var migrations = await MigrationsAsync(cancellationToken);
        var applied = await AppliedAsync(cancellationToken);
        var pending = Pending(migrations, applied, Resolve(migrations, target));
        if (pending.Count == 0) return new MigrationPreview(applied.LastOrDefault(), pending, "");
        try { return new MigrationPreview(applied.LastOrDefault(), pending, await ScriptAsync(migrations, pending, cancellationToken)); }
        catch (MigrationException e)
        {
            _output($"the migration script is not available ({e.Message.Split('\n')[0]}); pending migrations: {string.Join(", ", pending)}");
            return new MigrationPreview(applied.LastOrDefault(), pending, null);
        }
    }

    /// <summary>
    /// Applies the migrations pending up to <paramref name="target"/> while holding the migration lock. Unchanged when there
    /// are none; a failing migration throws <see cref="MigrationException"/> with the tool's error and the migration the
    /// database stays at (EF Core commits each migration on its own, so the ones before the failing one stay applied).
    /// </summary>
    public async Task<MigrationResult> UpgradeAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        if (_project.Apply == EfCoreApply.Bundle && _project.Bundle is { } prebuilt && !File.Exists(prebuilt))
            throw new MigrationException($"The migration bundle {prebuilt} does not exist: build it with dotnet ef migrations bundle, or leave 'bundle' out to build one for the run.");
        var migrations = await MigrationsAsync(cancellationToken);
        var targetId = Resolve(migrations, target);
        string? builtBundle = null;
        try
        {
            // The bundle is built before taking the lock, which then covers only the migration itself; when nothing is
            // pending there is nothing to build.
            if (_project.Apply == EfCoreApply.Bundle && _project.Bundle is null &&
                Pending(migrations, await AppliedAsync(cancellationToken), targetId).Count > 0)
                builtBundle = await BuildBundleAsync(cancellationToken);

            await using var _ = await MigrationLock.AcquireAsync(_project.Connection, _project.LockTimeout, _time, _output, cancellationToken);
            var applied = await AppliedAsync(cancellationToken);
            var before = applied.LastOrDefault();
            var pending = Pending(migrations, applied, targetId);
            if (pending.Count == 0)
            {
                _output($"database is at {before ?? "<none>"}; nothing to migrate");
                return new MigrationResult(before, before, Outcome.Unchanged, []);
            }
            if (_project.Apply == EfCoreApply.Bundle && _project.Bundle is null)
                builtBundle ??= await BuildBundleAsync(cancellationToken); // another run rolled back in between; rare

            var (command, what) = _project.Apply == EfCoreApply.Bundle
                ? (BundleRunCommand(_project.Bundle ?? builtBundle!, targetId), "the migration bundle")
                : (Command(["database", "update", .. Optional(targetId)]), "dotnet ef database update");
            _output($"migrating {before ?? "<none>"} -> {targetId ?? migrations[^1].Id} with {what}: {string.Join(", ", pending)}");
            var result = await RunAsync(command, echo: true, cancellationToken);

            var afterApplied = await AppliedAsync(cancellationToken);
            var after = afterApplied.LastOrDefault();
            var done = pending.Where(afterApplied.Contains).ToList();
            if (result.ExitCode != 0)
            {
                var failed = EfCoreOutput.LastApplying(result.Stdout + result.Stderr);
                throw new MigrationException(
                    $"{what} failed{(failed is null ? "" : $" in migration {failed}")}: {ErrorText(result)}; the database stays at {after ?? "<none>"}.",
                    before, after, failed);
            }
            return new MigrationResult(before, after, done.Count == 0 ? Outcome.Unchanged : Outcome.Succeeded, done);
        }
        finally
        {
            if (builtBundle is not null)
                try { Directory.Delete(Path.GetDirectoryName(builtBundle)!, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Builds a migration bundle into a new temp folder and returns its path; the caller deletes the folder.</summary>
    public async Task<string> BuildBundleAsync(CancellationToken cancellationToken = default)
    {
        await EnsureBuiltAsync(cancellationToken);
        var folder = Directory.CreateTempSubdirectory("deployer-efbundle-").FullName;
        var bundle = Path.Combine(folder, "efbundle");
        _output("building the migration bundle");
        var result = await RunAsync(BundleCommand(bundle), echo: false, cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(bundle))
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            throw Failure("dotnet ef migrations bundle", result);
        }
        return bundle;
    }

    private Task<IReadOnlyList<string>> AppliedAsync(CancellationToken cancellationToken) =>
        EfCoreHistory.AppliedAsync(_project.Connection, _project.HistoryTable, _secrets, cancellationToken);

    /// <summary>The migrations up to the target that the database has not applied (earlier ones merged late included, as EF Core does).</summary>
    private static IReadOnlyList<string> Pending(IReadOnlyList<EfCoreMigration> migrations, IReadOnlyList<string> applied, string? targetId)
    {
        var end = targetId is null ? migrations.Count : migrations.ToList().FindIndex(m => m.Id == targetId) + 1;
        var reverted = migrations.Skip(end).Where(m => applied.Contains(m.Id)).Select(m => m.Id).ToList();
        if (reverted.Count > 0)
            throw new MigrationException($"The database has already applied {string.Join(", ", reverted)}, after the target {targetId}: " +
                                         "Deployer only migrates forward (reverting is a deliberate dotnet ef database update, not a deploy).");
        return migrations.Take(end).Select(m => m.Id).Where(id => !applied.Contains(id)).ToList();
    }

    /// <summary>The id of <paramref name="target"/> (an id or a name); null stays null, meaning the last migration.</summary>
    private static string? Resolve(IReadOnlyList<EfCoreMigration> migrations, string? target)
    {
        if (target is null) return null;
        return migrations.FirstOrDefault(m => m.Id == target)?.Id
               ?? migrations.LastOrDefault(m => string.Equals(m.Name, target, StringComparison.OrdinalIgnoreCase))?.Id
               ?? throw new MigrationException($"The project has no migration '{target}' (it has {(migrations.Count == 0 ? "none" : string.Join(", ", migrations.Select(m => m.Name)))}).");
    }

    private async Task<string> ScriptAsync(IReadOnlyList<EfCoreMigration> migrations, IReadOnlyList<string> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0) return "";
        // From the migration before the first pending one, so one merged in late (older id, not applied) is in the script too.
        var first = migrations.ToList().FindIndex(m => m.Id == pending[0]);
        var from = first == 0 ? "0" : migrations[first - 1].Id;
        var result = await RunAsync(Command("migrations", "script", from, pending[^1], "--idempotent"), echo: false, cancellationToken);
        if (result.ExitCode != 0) throw Failure($"dotnet ef migrations script {from} {pending[^1]} --idempotent", result);
        return _secrets.Scrub(EfCoreOutput.Data(result.Stdout)) + "\n";
    }

    /// <summary>Builds the project, once per migrator (a no-op when <see cref="EfCoreProject.Build"/> is false).</summary>
    public async Task EnsureBuiltAsync(CancellationToken cancellationToken = default)
    {
        if (!_project.Build || _built) return;
        await _once.WaitAsync(cancellationToken);
        try
        {
            if (_built) return;
            _output($"building {_project.Project ?? Path.GetFileName(ProjectDirectory)}");
            var result = await RunAsync(BuildCommand(), echo: false, cancellationToken);
            if (result.ExitCode != 0)
                throw new MigrationException($"dotnet build failed (exit {result.ExitCode}): {_secrets.Scrub(EfCoreOutput.BuildErrors(result.Stdout + result.Stderr))}");
            _built = true;
        }
        finally { _once.Release(); }
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private async Task<Run> RunAsync(EfCoreCommand command, bool echo, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(command.WorkingDirectory))
            throw new MigrationException($"{command.WorkingDirectory} does not exist: 'directory' should hold the EF Core project.");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        CommandResult result;
        try
        {
            result = await Cli.Wrap(command.Program).WithArguments(command.Arguments).WithWorkingDirectory(command.WorkingDirectory)
                .WithEnvironmentVariables(env =>
                {
                    foreach (var (name, value) in _project.Environment) env.Set(name, value);
                    env.Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Set("DOTNET_NOLOGO", "1").Set("DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "1")
                        // Build servers outlive the build and hold its output pipe open, so the run would never end.
                        .Set("MSBUILDDISABLENODEREUSE", "1").Set("DOTNET_CLI_USE_MSBUILD_SERVER", "0").Set("UseSharedCompilation", "false");
                    if (command.Arguments.FirstOrDefault() != "build") env.Set(_project.ConnectionVariable, _project.Connection.Reveal());
                })
                .WithStandardOutputPipe(PipeTarget.ToDelegate(line => { stdout.AppendLine(line); if (echo) _output(EfCoreOutput.Echo(line)); }))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(line => { stderr.AppendLine(line); if (echo) _output(line); }))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(cancellationToken);
        }
        catch (Win32Exception e)
        {
            throw new MigrationException($"{command.Program} could not be started ({e.Message})" +
                                         (command.Program == _project.Dotnet ? ": install the .NET SDK (global.json names the version)." : "."));
        }
        var run = new Run(result.ExitCode, stdout.ToString(), stderr.ToString());
        if (run.ExitCode != 0 && command.Arguments.FirstOrDefault() == "ef" && (run.Stderr + run.Stdout).Contains("dotnet-ef does not exist", StringComparison.Ordinal))
            throw new MigrationException("dotnet ef is not installed: pin it in the repository's tool manifest (dotnet new tool-manifest; dotnet tool install dotnet-ef) and run dotnet tool restore before deploying.");
        return run;
    }

    private MigrationException Failure(string what, Run run) => new($"{what} failed (exit {run.ExitCode}): {ErrorText(run)}");

    private string ErrorText(Run run) => _secrets.Scrub(EfCoreOutput.ErrorText(run.Stdout + run.Stderr));

    private IEnumerable<string> ProjectArguments(bool startup) => _project.Project is not { } project ? []
        : startup ? ["--project", project, "--startup-project", project] : [project];

    private static string[] Optional(string? value) => value is null ? [] : [value];

    /// <summary>The password inside the connection (URL or key=value form), raw and URL-decoded, so it is scrubbed wherever the tool echoes it.</summary>
    private static IEnumerable<string> Passwords(string connection)
    {
        string? password = null;
        try { password = new NpgsqlConnectionStringBuilder(PostgresUrl.ToNpgsql(connection)).Password; }
        catch (Exception e) when (e is MigrationException or ArgumentException or FormatException) { /* the connection fails later, scrubbed whole */ }
        if (password is null) yield break;
        yield return password;
        yield return Uri.EscapeDataString(password);
    }
}
