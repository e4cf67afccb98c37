using Deployer.Config;
using Deployer.Execution;
using Deployer.Output;
using Deployer.Planning;
using Deployer.Providers;

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
        return await TestCommands.RunAsync(description.Test, DescriptionDirectory, settings.DryRun, context.Log, cancellationToken);
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
        try
        {
            var sha = await GitRevision.ResolveAsync(settings.GitSha, context.Environment, settings.WorkingDirectory, cancellationToken);
            plan = Planner.Plan(description, new PlanInputs(target, sha, mode)).Select(select);
        }
        catch (PlanningException e)
        {
            context.Log.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        var log = new ConsoleExecutionLog(context.Log, _actions.IsActive);
        using var providers = await context.Providers.CreateAsync(new ProviderRequest(description, plan, DescriptionDirectory, settings.DryRun, log.Progress), cancellationToken);
        if (settings.DryRun)
        {
            var previews = await LivePreview.ReadAsync(plan, providers, cancellationToken);
            var text = PlanText.Render(plan, dryRun: true) + LivePreview.Render(previews, providers.Notes);
            var json = PlanJson.Render(plan, dryRun: true, previews, providers.Notes);
            context.Out.Write(settings.Output == OutputFormat.Json ? json : text);
            WriteResultFile(json);
            _actions.AppendSummary(JobSummary.ForPlan(plan));
            _actions.SetOutput("plan", text);
            return ExitCodes.Success;
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
        return result.ExitCode;
    }

    private void Report(ReleaseResult result)
    {
        var json = PlanJson.Render(result, dryRun: false);
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

    private void WriteResultFile(string json)
    {
        var path = Path.GetFullPath(settings.ResultFile, settings.WorkingDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, context.Secrets.Scrub(json));
    }

    /// <summary>Paths inside the description are relative to the file, like docker-compose.</summary>
    private string DescriptionDirectory => Path.GetDirectoryName(Path.GetFullPath(settings.ConfigPath, settings.WorkingDirectory))!;

    private static string OutputName(string stepId) =>
        new string(stepId.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
