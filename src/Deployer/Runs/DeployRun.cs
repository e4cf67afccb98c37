using Deployer.Config;
using Deployer.Execution;
using Deployer.Output;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Releases;

namespace Deployer.Runs;

/// <summary>
/// One invocation of a deploy target: load and validate the description, plan, then print (dry run) or execute, and
/// report through every channel (console, JSON result file, job summary, $GITHUB_OUTPUT). Each method returns the exit code.
/// </summary>
public sealed class DeployRun(RunSettings settings, RunContext context)
{
    private LoadResult? _loaded;
    private readonly GitHubActions _actions = new(context.Environment, context.Secrets);

    /// <summary>The description, loaded once per run and validated as a whole; null after reporting its errors.</summary>
    public DeployDescription? Description()
    {
        _loaded ??= DescriptionLoader.LoadFile(Path.GetFullPath(settings.ConfigPath, settings.WorkingDirectory), settings.ConfigPath, context.Environment);
        return _loaded.Succeeded ? _loaded.Description : null;
    }

    public async Task<int> TestAsync(CancellationToken cancellationToken)
    {
        if (LoadOrReport() is not { } description) return ExitCodes.InvalidInput;
        return await TestCommands.RunAsync(description.Test, DescriptionDirectory, settings.DryRun, context.Log, context.Secrets, cancellationToken);
    }

    /// <summary>Plans <paramref name="environment"/> (or the --environment parameter) and runs the selected steps.</summary>
    public async Task<int> DeployAsync(string? environment, PlanMode mode, Func<Step, bool> select, CancellationToken cancellationToken)
    {
        if (LoadOrReport() is not { } description) return ExitCodes.InvalidInput;
        var target = environment ?? settings.Environment;
        if (string.IsNullOrWhiteSpace(target))
        {
            context.Log.WriteLine($"error: no environment given: pass --environment ({string.Join(", ", description.Environments.Keys)})");
            return ExitCodes.InvalidInput;
        }

        DeployPlan plan;
        bool wholeEnvironment;
        ReleaseSource? source = null;
        try
        {
            var sha = await GitRevision.ResolveAsync(settings.GitSha, context.Environment, settings.WorkingDirectory, cancellationToken);
            source = await SourceAsync(description, target, sha, mode, cancellationToken);
            if (source?.Refusal is { } refusal && !settings.DryRun)
            {
                context.Log.WriteLine($"error: {refusal}");
                return ExitCodes.InvalidInput;
            }
            var whole = Planner.Plan(description, new PlanInputs(target, sha, mode, source?.Entry));
            plan = whole.Select(select);
            wholeEnvironment = plan.Steps.Count == whole.Steps.Count;
        }
        catch (PlanningException e)
        {
            context.Log.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (IsLedgerFailure(e))
        {
            context.Log.WriteLine($"error: the release ledger ({context.Ledger?.Name}) could not be read; nothing was changed: {e.Message}");
            return ExitCodes.Failed;
        }
        if (source?.Warning is { } warning && !settings.DryRun) context.Log.WriteLine($"warning: {warning}");

        var log = new ConsoleExecutionLog(context.Log, _actions.IsActive);
        using var providers = await context.Providers.CreateAsync(new ProviderRequest(description, plan, DescriptionDirectory, settings.DryRun, log.Progress), cancellationToken);
        if (settings.DryRun)
        {
            var previews = await LivePreview.ReadAsync(plan, providers, cancellationToken);
            var notes = source?.Refusal is { } refused ? [.. providers.Notes, $"without --dry-run this stops here: {refused}"] : providers.Notes;
            var text = PlanText.Render(plan, dryRun: true) + LivePreview.Render(previews, notes);
            var json = PlanJson.Render(plan, dryRun: true, previews, notes, context.Secrets);
            context.Out.Write(settings.Output == OutputFormat.Json ? json : text);
            WriteResultFile(json);
            _actions.AppendSummary(JobSummary.ForPlan(plan));
            _actions.SetOutput("plan", text);
            return await CommentAsync(plan, text, cancellationToken);
        }

        if (providers.Problems.Count > 0)
        {
            // Missing credentials or tools are found before the first step, so nothing is left half done.
            context.Log.WriteLine("error: the plan cannot run as configured; nothing was changed:");
            foreach (var (provider, problem) in providers.Problems) context.Log.WriteLine($"  {provider}: {problem}");
            return ExitCodes.InvalidInput;
        }
        if (settings.Output == OutputFormat.Text) context.Out.Write(PlanText.Render(plan, dryRun: false));
        var executor = new PlanExecutor(providers.Handlers, log, context.Time);
        var result = await executor.ExecuteAsync(plan, cancellationToken);
        Report(result);
        // Only a whole-environment run is a release; DeployEcs alone leaves the other targets where they were.
        if (!wholeEnvironment || context.Ledger is null) return result.ExitCode;
        return await RecordAsync(result, source?.Replaces, result.ExitCode);
    }

    /// <summary>
    /// For a promotion or rollback, the recorded release it ships (or why there is none). A dry run that cannot read the
    /// ledger still prints its plan, with the reason as a note.
    /// </summary>
    private async Task<ReleaseSource?> SourceAsync(DeployDescription description, string target, string sha, PlanMode mode, CancellationToken cancellationToken)
    {
        if (mode == PlanMode.Release) return null;
        Planner.Plan(description, new PlanInputs(target, sha, mode)); // an unknown environment or no promotesFrom is said before reading the ledger
        try
        {
            return await ReleaseSources.ReadAsync(context.Ledger, description, target, mode, settings.Force, cancellationToken);
        }
        catch (Exception e) when (IsLedgerFailure(e) && settings.DryRun)
        {
            return new ReleaseSource(null, null, $"the release ledger ({context.Ledger?.Name}) could not be read: {e.Message}");
        }
    }

    /// <summary>Writes the run to the ledger; a release that deployed but could not be recorded is reported as failed, since promotion would not find it.</summary>
    private async Task<int> RecordAsync(ReleaseResult result, string? replaces, int exitCode)
    {
        var release = ReleaseFacts.From(result, replaces);
        try
        {
            // Recording happens even after a cancellation: the ledger must say what the environment now runs.
            using var recording = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var entry = await context.Ledger!.RecordAsync(release, ReleaseFacts.StatusOf(result.Outcome), LogUrl(), recording.Token);
            context.Log.WriteLine($"recorded release {entry.Id} ({entry.Status.ToString().ToLowerInvariant()}) in {context.Ledger.Name}");
            _actions.SetOutput("release-id", entry.Id);
            if (release.Urls.Count > 0) _actions.SetOutput("environment-url", release.Urls[0]);
            return exitCode;
        }
        catch (Exception e) when (IsLedgerFailure(e) || e is OperationCanceledException)
        {
            context.Log.WriteLine($"error: the release was not recorded in {context.Ledger!.Name}: {e.Message}");
            return exitCode == ExitCodes.Success ? ExitCodes.Failed : exitCode;
        }
    }

    /// <summary>
    /// With --comment-on-pr on a pull request run, posts the plan as one comment per app and environment, updated on every
    /// push rather than piled up. A comment that cannot be posted fails the run: the reviewer would otherwise read an old plan.
    /// </summary>
    private async Task<int> CommentAsync(DeployPlan plan, string text, CancellationToken cancellationToken)
    {
        if (!settings.CommentOnPr) return ExitCodes.Success;
        if (context.Comments is null || GitHub.PullRequestComment.NumberFrom(context.Environment) is not { } number)
        {
            context.Log.WriteLine("warning: --comment-on-pr needs a pull_request run (GITHUB_REF refs/pull/N/merge), GITHUB_REPOSITORY and --github-token; no comment was posted");
            return ExitCodes.Success;
        }
        var markdown = JobSummary.ForPlan(plan) + $"\n<details><summary>Full plan</summary>\n\n```\n{text.TrimEnd()}\n```\n</details>\n";
        try
        {
            var posted = await context.Comments.UpsertAsync(number, plan.App, plan.Environment, context.Secrets.Scrub(markdown), cancellationToken);
            context.Log.WriteLine($"plan {posted.Outcome.ToString().ToLowerInvariant()} on pull request #{number}: {posted.HtmlUrl}");
            _actions.SetOutput("comment-url", posted.HtmlUrl);
            return ExitCodes.Success;
        }
        catch (GitHub.GitHubApiException e)
        {
            context.Log.WriteLine($"error: the plan was not posted on pull request #{number}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>What a ledger throws for a bad token, an unknown repository, a rate limit or an unreadable file.</summary>
    private static bool IsLedgerFailure(Exception e) =>
        e is GitHub.GitHubApiException or IOException or InvalidDataException or System.Text.Json.JsonException;

    private string? LogUrl() =>
        context.Environment.GetValueOrDefault("GITHUB_SERVER_URL") is { } server &&
        context.Environment.GetValueOrDefault("GITHUB_REPOSITORY") is { } repository &&
        context.Environment.GetValueOrDefault("GITHUB_RUN_ID") is { } run
            ? $"{server}/{repository}/actions/runs/{run}"
            : null;

    private void Report(ReleaseResult result)
    {
        var json = PlanJson.Render(result, dryRun: false, context.Secrets);
        if (settings.Output == OutputFormat.Json) context.Out.Write(json);
        else context.Out.WriteLine($"{result.Outcome}: {result.Message}");
        WriteResultFile(json);
        _actions.AppendSummary(JobSummary.ForResult(result));
        _actions.SetOutput("outcome", result.Outcome.ToString());
        _actions.SetOutput("exit-code", result.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var record in result.Steps)
            foreach (var (key, value) in record.Result.Outputs)
                _actions.SetOutput($"{OutputName(record.Step.Id)}-{key}", value);
    }

    private DeployDescription? LoadOrReport()
    {
        if (Description() is { } description) return description;
        context.Log.WriteLine($"error: the deploy description {settings.ConfigPath} is not valid ({_loaded!.Errors.Count} error(s)); nothing was changed:");
        foreach (var error in _loaded.Errors)
        {
            context.Log.WriteLine("  " + error);
            if (_actions.IsActive)
                context.Log.WriteLine(GitHubActions.ErrorAnnotation($"{error.Path}: {error.Message}", error.File, error.Line));
        }
        return null;
    }

    /// <summary>The result file is readable by its owner only (0600): it holds step messages and outputs.</summary>
    private void WriteResultFile(string json)
    {
        var path = Path.GetFullPath(settings.ResultFile, settings.WorkingDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Secrets.PrivateFile.WriteAllText(path, context.Secrets.Scrub(json));
    }

    /// <summary>Paths inside the description are relative to the file, like docker-compose.</summary>
    private string DescriptionDirectory => Path.GetDirectoryName(Path.GetFullPath(settings.ConfigPath, settings.WorkingDirectory))!;

    private static string OutputName(string stepId) =>
        new string(stepId.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
