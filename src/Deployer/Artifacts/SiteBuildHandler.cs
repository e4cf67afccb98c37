using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Artifacts;

/// <summary>
/// Runs the <see cref="SiteBuildStep"/>s of one provider: the runner's environment plus the step's variables and resolved
/// secrets, output streamed (scrubbed) to the log, the last lines kept for a failure; nothing is published by this step.
/// </summary>
public sealed class SiteBuildHandler(string provider, string root, IReadOnlyDictionary<string, string> environment, SecretResolver resolver,
    SecretValues secrets, Action<Step, string> log, Func<string, string?> folderProblem) : IStepHandler
{
    /// <summary>
    /// The handler of <paramref name="provider"/>'s build steps in a run: its environment, secrets and log, and what makes
    /// a built folder unpublishable for that provider (<paramref name="folderProblem"/>: why, naming the folder, or null).
    /// </summary>
    public static SiteBuildHandler For(string provider, string root, Providers.ProviderContext context, Func<string, string?> folderProblem) =>
        new(provider, root, context.Environment, context.SecretResolver(), context.Secrets, context.Request.Log, folderProblem);

    public bool Handles(Step step) => step is SiteBuildStep && step.Provider == provider;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var build = (SiteBuildStep)step;
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        try
        {
            foreach (var (name, value) in OutputValues.Resolve(build.Env, build.EnvSetting, state)) variables[name] = value;
            foreach (var (name, reference) in build.Secrets) variables[name] = (await resolver.ResolveAsync(reference, cancellationToken)).Reveal();
        }
        catch (Exception e) when (e is SecretResolutionException or UnresolvedOutputException)
        {
            return StepResult.Of(Outcome.Failed, $"{e.Message}; the build did not run");
        }
        var (exit, tail) = await BuildProcess.RunAsync(["/bin/sh", "-c", build.Command], root, variables, line => log(step, secrets.Scrub(line)), cancellationToken);
        if (exit != 0)
            return new StepResult(Outcome.Failed, $"build '{build.Command}' exited with {exit}; nothing was published", Forensics: secrets.Scrub(tail));
        // The folder is checked again here because the description's checks ran before the build could create it. The
        // build succeeded, so a folder that is not there or not a site means the description names the wrong one: bad input.
        var output = Path.GetFullPath(build.Output, root);
        if (folderProblem(output) is { } problem)
            return StepResult.Of(Outcome.InvalidInput, $"{build.OutputSetting}: after the build '{build.Command}', '{build.Output}' {problem} " +
                                                       "(does the build write elsewhere?); nothing was published");
        return StepResult.Of(Outcome.Succeeded, $"built {build.Output} ({Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count()} files)");
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null);
}
