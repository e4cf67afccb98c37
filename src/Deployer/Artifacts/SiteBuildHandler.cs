using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Artifacts;

/// <summary>
/// Runs the <see cref="SiteBuildStep"/>s of one provider: the runner's environment plus the step's variables and resolved
/// secrets, output streamed (scrubbed) to the log, the last lines kept for a failure; nothing is published by this step.
/// </summary>
public sealed class SiteBuildHandler(string provider, string root, IReadOnlyDictionary<string, string> environment, SecretResolver resolver,
    SecretValues secrets, Action<Step, string> log) : IStepHandler
{
    /// <summary>The handler of <paramref name="provider"/>'s build steps in a run: its environment, secrets and log.</summary>
    public static SiteBuildHandler For(string provider, string root, Providers.ProviderContext context)
    {
        return new SiteBuildHandler(provider, root, context.Environment, context.SecretResolver(), context.Secrets, context.Request.Log);
    }

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
        var output = Path.GetFullPath(build.Output, root);
        // The folder is checked again here because the description's checks ran before the build could create it.
        if (!Directory.Exists(output))
            return StepResult.Of(Outcome.Failed, $"{build.OutputSetting}: '{build.Output}' does not exist after the build '{build.Command}'; nothing was published");
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count();
        return files == 0
            ? StepResult.Of(Outcome.Failed, $"{build.OutputSetting}: '{build.Output}' is empty after the build '{build.Command}'; nothing was published")
            : StepResult.Of(Outcome.Succeeded, $"built {build.Output} ({files} files)");
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null);
}
