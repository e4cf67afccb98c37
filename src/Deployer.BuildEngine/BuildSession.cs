using System.Collections;

namespace Deployer.BuildEngine;

/// <summary>
/// One run of a build, start to finish: read the command line, find the root, discover the build,
/// resolve parameters, then print help, write the plan, or validate everything and run the targets.
/// </summary>
internal sealed class BuildSession(BuildContext context)
{
    public async Task<int> Run(Func<NukeBuild> create, IReadOnlyList<Func<NukeBuild, Target>> defaults)
    {
        var log = new BuildLog(context, Verbosity.Normal, []);
        try
        {
            var commandLine = CommandLine.Parse(context.Arguments);
            var root = FindRoot(commandLine.Root);
            var build = create();
            build.Initialize(context, root);
            var model = BuildModel.Discover(build);
            var nukeDirectory = Path.Combine(root, ".nuke");
            if (Directory.Exists(nukeDirectory))
                BuildSchema.Update(nukeDirectory, BuildSchema.Generate(model.Targets.Select(t => t.Name), model.Parameters));

            var resolution = ParameterResolver.Resolve(model.Parameters, commandLine, context.Environment, nukeDirectory);
            var secrets = SecretValues(build, model, resolution);
            BuildLog.MaskSecrets(context, secrets);
            var verbosity = commandLine.Verbosity ?? resolution.Verbosity ?? Verbosity.Normal;
            log = new BuildLog(context, verbosity, secrets, () => build.LogToStandardError);
            build.Verbosity = verbosity;
            var defaultTargets = defaults.Select(d => DefaultTarget(model, d(build))).ToList();

            if (commandLine.Help)
            {
                log.Always(HelpText.Render(model, defaultTargets));
                return 0;
            }

            var errors = resolution.Errors;
            var invoked = ResolveTargets(model, commandLine.Targets.Count > 0 ? commandLine.Targets : resolution.Targets ?? [], errors);
            var skipNames = commandLine.Skip ?? resolution.Skip;
            var skip = skipNames is null ? null : ResolveTargets(model, skipNames, errors);
            if (invoked.Count == 0 && errors.Count == 0)
                invoked = defaultTargets.Count > 0 ? defaultTargets : throw new BuildConfigurationException(NoTargetGiven(model));
            if (errors.Count > 0)
                throw new BuildConfigurationException(errors);

            foreach (var (parameter, value) in resolution.Values)
            {
                parameter.SetValue(build, value.Value);
                log.Verbose($"{parameter.Option} = {(parameter.IsSecret ? Secrets.Secret.Redacted : Show(value.Value))}   // {value.Source}");
            }

            build.RaiseBuildInitialized();
            ExecutionPlan.ThrowOnCycles(model);

            if (commandLine.Plan)
            {
                var path = Path.Combine(build.TemporaryDirectory, "plan.html");
                await File.WriteAllTextAsync(path, PlanHtml.Render(model, ExecutionPlan.Create(model, invoked, skip, _ => null), build.GetType().Name))
                    .ConfigureAwait(false);
                log.Always($"Plan written to {path}");
                return 0;
            }

            var plan = ExecutionPlan.Create(model, invoked, skip, StaticSkipReason);
            var failures = RequirementCheck.Failures(plan.Where(p => !p.IsSkipped).Select(p => p.Target), model.Parameters,
                parameter => resolution.Values.TryGetValue(parameter, out var resolved) ? resolved.Source : null);
            if (failures.Count > 0)
                throw new BuildConfigurationException(["Requirements are not met, so no target was run:", .. failures.Select(f => "  - " + f)]);

            log.Verbose($"Execution order: {string.Join(", ", plan.Select(p => p.Target.Name))}");
            return await Execute(build, plan, log).ConfigureAwait(false);
        }
        catch (BuildConfigurationException e)
        {
            foreach (var error in e.Errors)
                log.Error(error);
            return e.ExitCode;
        }
        catch (TargetFailedException e)
        {
            log.Error(e.Message);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            log.Error(e.ToString());
            return 1;
        }
    }

    private async Task<int> Execute(NukeBuild build, IReadOnlyList<PlannedTarget> plan, BuildLog log)
    {
        var runner = new TargetRunner(log, context.Time, context.Cancellation);
        var results = await runner.Run(plan).ConfigureAwait(false);
        var finished = true;
        try
        {
            build.RaiseBuildFinished();
        }
        catch (Exception e)
        {
            finished = false;
            log.Error(e is TargetFailedException ? e.Message : $"OnBuildFinished failed:{Environment.NewLine}{e}");
        }

        var cancelled = context.Cancellation.IsCancellationRequested;
        var succeeded = finished && !cancelled && results.All(r => r.Status is TargetStatus.Succeeded or TargetStatus.Skipped);
        if (cancelled)
            log.Error("The build was cancelled.");
        log.Minimal("");
        log.Minimal(BuildSummary.Render(results, succeeded, context.Time.GetLocalNow()));
        return build.ExitCode ?? (succeeded ? 0 : cancelled ? 130 : runner.FailureExitCode ?? 1);
    }

    private string FindRoot(string? rootOption)
    {
        if (rootOption is not null)
        {
            var root = Path.GetFullPath(rootOption, context.WorkingDirectory);
            return Directory.Exists(root)
                ? root
                : throw new BuildConfigurationException($"Root directory '{root}' given by --root does not exist.");
        }

        for (var directory = new DirectoryInfo(context.WorkingDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return directory.FullName;
        }

        throw new BuildConfigurationException(
            $"Could not find the root directory: no '.nuke' directory in {context.WorkingDirectory} or any parent. " +
            "Create .nuke/ at the repository root, or pass --root.");
    }

    private static string? StaticSkipReason(ExecutableTarget target) =>
        target.Definition.StaticConditions
            .Where(condition => !condition.Compile()())
            .Select(condition => $"condition '{ExpressionText.Of(condition)}' is false")
            .FirstOrDefault();

    private static ExecutableTarget DefaultTarget(BuildModel model, Target target) =>
        model.Find(target) ?? throw BuildConfigurationException.InBuild("The default target is not a Target property of the build.");

    private static List<ExecutableTarget> ResolveTargets(BuildModel model, IEnumerable<string> names, List<string> errors)
    {
        var result = new List<ExecutableTarget>();
        foreach (var name in names)
        {
            if (model.Find(name) is { } target)
            {
                if (!result.Contains(target))
                    result.Add(target);
            }
            else
            {
                errors.Add($"Target with name '{name}' does not exist. Available targets are:{Environment.NewLine}{TargetList(model)}");
            }
        }

        return result;
    }

    private static string[] NoTargetGiven(BuildModel model) =>
        [$"No target was given and the build has no default target. Available targets are:{Environment.NewLine}{TargetList(model)}"];

    private static string TargetList(BuildModel model) =>
        string.Join(Environment.NewLine, model.Targets.Where(t => t.IsListed).Select(t => t.Name)
            .Order(StringComparer.OrdinalIgnoreCase).Select(n => "  - " + n));

    private static IReadOnlyList<string> SecretValues(NukeBuild build, BuildModel model, ParameterResolution resolution) =>
        model.Parameters.Where(p => p.IsSecret)
            .Select(p => resolution.Values.TryGetValue(p, out var resolved) ? resolved.Value : p.GetValue(build))
            .SelectMany(value => value switch
            {
                null => [],
                string text => [text],
                IEnumerable items => items.Cast<object?>().Select(item => item?.ToString() ?? ""),
                _ => [value.ToString() ?? ""],
            })
            .Where(text => text.Length > 0)
            .ToList();

    private static string Show(object? value) => value switch
    {
        null => "(null)",
        string text => text,
        IEnumerable items => string.Join(" ", items.Cast<object?>()),
        _ => value.ToString() ?? "",
    };
}
