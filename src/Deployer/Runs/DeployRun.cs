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
    private readonly RunResultFile _resultFile = new(Path.GetFullPath(settings.ResultFile, settings.WorkingDirectory));

    /// <summary>
    /// The description, loaded once per run and validated as a whole, including what this version cannot run; null after
    /// reporting its errors.
    /// </summary>
    public DeployDescription? Description()
    {
        _loaded ??= Providers.ProviderModules.Loader.LoadFile(Path.GetFullPath(settings.ConfigPath, settings.WorkingDirectory), settings.ConfigPath, context.Environment, Availability.Check, context.Time);
        return _loaded.Succeeded ? _loaded.Description : null;
    }

    public async Task<int> TestAsync(CancellationToken cancellationToken)
    {
        if (ResultFileProblem() is { } problem) return problem;
        if (LoadOrReport() is not { } description) return ExitCodes.InvalidInput;
        return await TestCommands.RunAsync(description.Test, DescriptionDirectory, settings.DryRun, context.Log, context.Secrets, cancellationToken);
    }

    /// <summary>Plans <paramref name="environment"/> (or the --environment parameter) and runs the selected steps.</summary>
    public async Task<int> DeployAsync(string? environment, PlanMode mode, Func<Step, bool> select, CancellationToken cancellationToken)
    {
        if (ResultFileProblem() is { } problem) return problem;
        if (LoadOrReport() is not { } description) return ExitCodes.InvalidInput;
        var target = environment ?? settings.Environment;
        if (string.IsNullOrWhiteSpace(target))
            return Stop(ExitCodes.InvalidInput, $"no environment given: pass --environment ({string.Join(", ", description.Environments.Keys)})");

        DeployPlan plan, whole;
        bool wholeEnvironment;
        ReleaseSource? source = null;
        try
        {
            var sha = await GitRevision.ResolveAsync(settings.GitSha, context.Environment, settings.WorkingDirectory, cancellationToken);
            source = await SourceAsync(description, target, sha, mode, cancellationToken);
            if (source?.Refusal is { } refusal && !settings.DryRun) return Stop(ExitCodes.InvalidInput, refusal);
            whole = Providers.ProviderModules.Plan(description, new PlanInputs(target, sha, mode, source?.Entry?.AsShipped(),
                GitHub.PullRequestComment.NumberFrom(context.Environment)));
            plan = whole.Select(select);
            wholeEnvironment = plan.Steps.Count == whole.Steps.Count;
        }
        catch (PlanningException e)
        {
            return Stop(ExitCodes.InvalidInput, e.Message);
        }
        catch (Exception e) when (IsLedgerFailure(e))
        {
            return Stop(ExitCodes.Failed, $"the release ledger ({context.Ledger?.Name}) could not be read; nothing was changed: {e.Message}");
        }
        if (source?.Warning is { } warning && !settings.DryRun) context.Log.WriteLine($"warning: {warning}");

        var log = new ConsoleExecutionLog(context.Log, _actions.IsActive);
        using var providers = await context.Providers.CreateAsync(new ProviderRequest(description, plan, DescriptionDirectory, settings.DryRun, log.Progress) { Owner = RunLock.Owner(context, LogUrl()), ForceUnlock = settings.ForceUnlock, LockWait = (settings.Lock ?? LockTiming.Default).Wait }, cancellationToken);
        if (settings.DryRun)
        {
            var previews = await LivePreview.ReadAsync(plan, providers, cancellationToken);
            var notes = source?.Refusal is { } refused ? [.. providers.Notes, $"without --dry-run this stops here: {refused}"] : providers.Notes;
            var text = PlanText.Render(plan, dryRun: true) + LivePreview.Render(previews, notes);
            var json = PlanJson.Render(plan, dryRun: true, previews, notes, context.Secrets);
            context.Out.Write(settings.Output == OutputFormat.Json ? json : text);
            _resultFile.Write(context.Secrets.Scrub(json));
            _actions.AppendSummary(JobSummary.ForPlan(plan));
            _actions.SetOutput("plan", text);
            foreach (var (name, value) in PlannedOutputs(plan)) _actions.SetOutput(name, value);
            return await CommentAsync(plan, text, cancellationToken);
        }

        // Missing credentials or tools, and providers this version lacks, are found before the first step, so nothing
        // is left half done and no failed release is recorded for a run that changed nothing.
        var executor = new PlanExecutor(providers.Handlers, log, context.Time);
        var problems = providers.Problems.Select(p => $"{p.Key}: {p.Value}").ToList();
        if (executor.Unsupported(plan) is { Count: > 0 } unsupported)
            problems.Add($"Provider {string.Join(", ", unsupported.Select(s => s.Provider).Distinct())} is not available yet in this version of Deployer " +
                         $"(steps: {string.Join(", ", unsupported.Select(s => s.Id))})");
        if (problems.Count > 0)
            return Stop(ExitCodes.InvalidInput, "the plan cannot run as configured; nothing was changed:" + string.Concat(problems.Select(p => "\n  " + p)));
        if (await ApprovalProblemAsync(description, target, cancellationToken) is { } unapproved) return unapproved;
        // A pull request's run previews its change: it is not a release of the environment, which promotion would ship.
        var records = wholeEnvironment && context.Ledger is not null && GitHub.PullRequestComment.NumberFrom(context.Environment) is null;
        if (records && await LedgerProblemAsync(plan, cancellationToken) is { } unusable) return unusable;

        // One run at a time per app and environment; the lease is released however the run ends.
        var (lease, locked) = await RunLock.AcquireAsync(settings, context, plan, LogUrl(), cancellationToken);
        if (locked is { } busy) return Stop(busy.ExitCode, busy.Message);
        await using (lease)
        {
            // Releases are announced; a slice (DeployEcs alone) is a step of a pipeline, not news.
            using var notifier = wholeEnvironment ? await RunNotifications.CreateAsync(description, plan, context, cancellationToken) : null;
            if (notifier is not null) await notifier.AnnounceAsync(Notifications.ReleaseNotice.Started(plan, context.Time.GetUtcNow(), LogUrl()), cancellationToken);

            if (settings.Output == OutputFormat.Text) context.Out.Write(PlanText.Render(plan, dryRun: false));
            var result = await executor.ExecuteAsync(plan, cancellationToken);
            // Only a whole-environment run is a release; DeployEcs alone leaves the other targets where they were.
            // Bad input a step found (a build that left no folder) changed nothing: no release to record, as before the run.
            if (records && result.Outcome != Outcome.InvalidInput) result = await RecordAsync(result, source?.Replaces);
            await ShowPreviewsAsync(whole, result, cancellationToken);
            // The end is announced even after a cancellation, bounded by each channel's timeout.
            if (notifier is not null)
                await notifier.AnnounceAsync(Notifications.ReleaseNotice.Finished(result, LogUrl(), EnvironmentUrl(result)), CancellationToken.None);
            Report(result);
            return result.ExitCode;
        }
    }

    /// <summary>An environment with approval.required changes only with --yes or a yes on the terminal.</summary>
    private async Task<int?> ApprovalProblemAsync(DeployDescription description, string environment, CancellationToken cancellationToken)
    {
        var approval = description.Environments.GetValueOrDefault(environment)?.Approval;
        switch (ApprovalGate.Decide(approval, settings.DryRun, settings.Yes, context.Prompt is not null))
        {
            case ApprovalDecision.Refuse:
                return Stop(ExitCodes.InvalidInput, ApprovalGate.Refusal(environment, approval!));
            case ApprovalDecision.Ask when !await context.Prompt!.ConfirmAsync(ApprovalGate.Question(environment, approval!), cancellationToken):
                return Stop(ExitCodes.InvalidInput, ApprovalGate.Declined(environment));
            default:
                return null;
        }
    }

    /// <summary>The ledger must be readable and writable before the release starts: a release deployed but not recorded could not be promoted.</summary>
    private async Task<int?> LedgerProblemAsync(DeployPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await context.Ledger!.CheckAsync(plan.App, plan.Environment, cancellationToken);
            return null;
        }
        catch (Exception e) when (IsLedgerFailure(e))
        {
            return Stop(ExitCodes.Failed, $"the release ledger ({context.Ledger!.Name}) cannot be used; nothing was changed: {e.Message}");
        }
    }

    /// <summary>
    /// For a promotion or rollback, the recorded release it ships (or why there is none). A dry run that cannot read the
    /// ledger still prints its plan, with the reason as a note.
    /// </summary>
    private async Task<ReleaseSource?> SourceAsync(DeployDescription description, string target, string sha, PlanMode mode, CancellationToken cancellationToken)
    {
        if (mode == PlanMode.Release) return null;
        Providers.ProviderModules.Plan(description, new PlanInputs(target, sha, mode)); // an unknown environment or no promotesFrom is said before reading the ledger
        try
        {
            return await ReleaseSources.ReadAsync(context.Ledger, description, target, mode, settings.Force, cancellationToken);
        }
        catch (Exception e) when (IsLedgerFailure(e) && settings.DryRun)
        {
            return new ReleaseSource(null, null, $"the release ledger ({context.Ledger?.Name}) could not be read: {e.Message}");
        }
    }

    /// <summary>
    /// Writes the run to the ledger; a release that deployed but could not be recorded is reported as failed (in every
    /// channel, the result file included), since promotion would not find it.
    /// </summary>
    private async Task<ReleaseResult> RecordAsync(ReleaseResult result, string? replaces)
    {
        var release = ReleaseFacts.From(result, Providers.ProviderModules.All, replaces);
        try
        {
            // Recording happens even after a cancellation: the ledger must say what the environment now runs.
            using var recording = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var entry = await context.Ledger!.RecordAsync(release, ReleaseFacts.StatusOf(result.Outcome), LogUrl(), recording.Token);
            context.Log.WriteLine($"recorded release {entry.Id} ({entry.Status.ToString().ToLowerInvariant()}) in {context.Ledger.Name}");
            _actions.SetOutput("release-id", entry.Id);
            if (release.Urls.Count > 0) _actions.SetOutput("environment-url", release.Urls[0]);
            return result;
        }
        catch (Exception e) when (IsLedgerFailure(e) || e is OperationCanceledException)
        {
            var message = $"the release was not recorded in {context.Ledger!.Name}: {e.Message}";
            context.Log.WriteLine($"error: {message}");
            return result.ExitCode == ExitCodes.Success ? result with { Outcome = Outcome.Failed, Message = $"{result.Message}; but {message}" } : result;
        }
    }

    /// <summary>
    /// With --comment-on-pr on a pull request run, posts the plan as one comment per app and environment, updated on every
    /// push rather than piled up. A comment that cannot be posted fails the run: the reviewer would otherwise read an old plan.
    /// </summary>
    private async Task<int> CommentAsync(DeployPlan plan, string text, CancellationToken cancellationToken, IReadOnlyList<GitHub.PullRequestPreview>? previews = null)
    {
        if (!settings.CommentOnPr) return ExitCodes.Success;
        if (context.Comments is null || GitHub.PullRequestComment.NumberFrom(context.Environment) is not { } number)
        {
            context.Log.WriteLine("warning: --comment-on-pr needs a pull_request run (GITHUB_REF refs/pull/N/merge), GITHUB_REPOSITORY and --github-token; no comment was posted");
            return ExitCodes.Success;
        }
        var markdown = PullRequestPreviews.Comment(plan, text, previews ?? []);
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

    /// <summary>
    /// A pull request run's previews: a GitHub deployment each and, with --comment-on-pr, the plan comment with their URLs.
    /// The comment shows the environment's whole plan (<paramref name="plan"/>), as the dry run posted it, even when the run
    /// deployed only a slice (DeployVercel): the reviewer reads what merging would release, plus the previews.
    /// </summary>
    private async Task ShowPreviewsAsync(DeployPlan plan, ReleaseResult result, CancellationToken cancellationToken)
    {
        var previews = PullRequestPreviews.Of(result);
        if (previews.Count == 0) return;
        foreach (var preview in context.Previews is null ? [] : previews)
        {
            try
            {
                var id = await context.Previews!.RecordAsync(preview, LogUrl(), cancellationToken);
                context.Log.WriteLine($"preview {preview.Url} is deployment {id} of {GitHub.PreviewDeployments.Environment(preview)}");
            }
            catch (GitHub.GitHubApiException e)
            {
                context.Log.WriteLine($"warning: the preview {preview.Url} was not recorded as a GitHub deployment: {e.Message}");
            }
        }
        if (settings.CommentOnPr) await CommentAsync(plan, PlanText.Render(plan, dryRun: true), cancellationToken, previews);
    }

    /// <summary>What a ledger throws for a bad token, an unknown repository, a rate limit or an unreadable file.</summary>
    private static bool IsLedgerFailure(Exception e) =>
        e is GitHub.GitHubApiException or IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException;

    private static string? EnvironmentUrl(ReleaseResult result) =>
        ReleaseFacts.From(result, Providers.ProviderModules.All, null).Urls.FirstOrDefault();

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
        _resultFile.Write(context.Secrets.Scrub(json));
        _actions.AppendSummary(JobSummary.ForResult(result));
        _actions.SetOutput("outcome", result.Outcome.ToString());
        _actions.SetOutput("exit-code", result.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var record in result.Steps)
            foreach (var (key, value) in record.Result.Outputs)
                _actions.SetOutput($"{OutputName(record.Step.Id)}-{key}", value);
        foreach (var (name, value) in PublishedOutputs(result)) _actions.SetOutput(name, value);
    }

    /// <summary>What the modules publish to the actions beyond each step's own outputs (images, digests, task definitions …).</summary>
    private static IEnumerable<(string Name, string Value)> PublishedOutputs(ReleaseResult result)
    {
        var outputs = new ActionOutputs();
        foreach (var module in Providers.ProviderModules.All)
        {
            foreach (var collection in module.ActionCollections) outputs.Declare(collection);
            foreach (var record in result.Steps) module.Publish(record, outputs);
        }
        return outputs.Render();
    }

    /// <summary>What the modules publish to the dry-run action from the plan alone (the deployment a promotion would promote …).</summary>
    private static IEnumerable<(string Name, string Value)> PlannedOutputs(DeployPlan plan)
    {
        var outputs = new ActionOutputs();
        foreach (var module in Providers.ProviderModules.All)
            foreach (var step in plan.Steps) module.PublishPlanned(step, outputs);
        return outputs.Render();
    }

    private DeployDescription? LoadOrReport()
    {
        if (Description() is { } description) return description;
        var errors = _loaded!.Errors;
        var message = $"the deploy description {ConfigText.Escape(settings.ConfigPath)} is not valid ({errors.Count} error(s)); nothing was changed:";
        context.Log.WriteLine($"error: {message}");
        foreach (var error in errors)
        {
            // The message quotes the description (a key, a value), which must not read as a workflow command.
            context.Log.WriteLine(_actions.IsActive ? WorkflowCommands.Inert("  " + error) : "  " + error);
            if (_actions.IsActive)
                context.Log.WriteLine(WorkflowCommands.Error(ConfigText.Escape($"{error.Path}: {error.Message}"), ConfigText.Escape(error.File), error.Line));
        }
        WriteStopped(ExitCodes.InvalidInput, message, errors);
        return null;
    }

    /// <summary>A result file that cannot be written is found before anything changes; nothing else is written then.</summary>
    private int? ResultFileProblem()
    {
        if (_resultFile.Problem() is not { } problem) return null;
        context.Log.WriteLine($"error: --result-file {ConfigText.Escape(settings.ResultFile)} {problem}; nothing was changed");
        return ExitCodes.InvalidInput;
    }

    /// <summary>Stops the run before any change: says why, and writes the result file (and the JSON document) to match the exit code.</summary>
    private int Stop(int exitCode, string message)
    {
        context.Log.WriteLine($"error: {message}");
        WriteStopped(exitCode, message, []);
        return exitCode;
    }

    private void WriteStopped(int exitCode, string message, IReadOnlyList<ConfigError> errors)
    {
        var json = context.Secrets.Scrub(RunResultFile.Stopped(exitCode, message, settings.DryRun, errors));
        if (settings.Output == OutputFormat.Json) context.Out.Write(json);
        _resultFile.Write(json);
        _actions.SetOutput("outcome", exitCode == ExitCodes.InvalidInput ? "InvalidInput" : Outcome.Failed.ToString());
        _actions.SetOutput("exit-code", exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Writes what the scrubbing writers still hold; call it when the run ends. Disposing passes on everything (flushing
    /// keeps back text that could begin a secret); the console underneath is not disposed.
    /// </summary>
    public void Flush()
    {
        context.Out.Dispose();
        if (!ReferenceEquals(context.Log, context.Out)) context.Log.Dispose();
    }

    /// <summary>Paths inside the description are relative to the file, like docker-compose.</summary>
    private string DescriptionDirectory => Path.GetDirectoryName(Path.GetFullPath(settings.ConfigPath, settings.WorkingDirectory))!;

    private static string OutputName(string stepId) =>
        new string(stepId.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
