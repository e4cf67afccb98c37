using Deployer.Execution;
using Deployer.GitHub;
using Deployer.Planning;
using Deployer.Releases;
using Deployer.Runs;

/// <summary>
/// The build: a table of contents of targets, split by area into Build.*.cs. Each target is a few lines that call
/// src/Deployer; run ./build.sh --help for the list and ./build.sh --plan for the graph.
/// </summary>
partial class Build : NukeBuild
{
    public static int Main() => Execute<Build>(x => x.Test);

    [Parameter("Deploy description to use")]
    readonly string Config = "deploy.yml";

    [Parameter("Environment to act on (DeployStaging and DeployProduction set it themselves)")]
    readonly string Environment;

    [Parameter("Print the plan and change nothing, ever")]
    readonly bool DryRun;

    [Parameter("Format of plans and results on standard output: text or json")]
    readonly OutputFormat Output = OutputFormat.Text;

    [Parameter("Commit to release (default: $GITHUB_SHA, else git HEAD)")]
    readonly string GitSha;

    [Parameter("Where the JSON result is written (default: .nuke/temp/deployer-result.json)")]
    readonly string ResultFile;

    [Parameter("Container engine that builds and pushes images: docker, podman or buildah (default: the first that works)")]
    readonly string ContainerEngine;

    [Parameter("Rollback: return to the earlier release even across a recorded migration (migrations are never undone)")]
    readonly bool Force;

    [Parameter("Break the environment's deployment lock first (a run that died holding it); says whose lock it broke")]
    readonly bool ForceUnlock;

    [Parameter("Seconds a run waits while another run holds the environment's deployment lock (default 600)")]
    readonly int? LockWait;

    [Parameter("Dry run on a pull request: post the plan as a pull request comment (needs --github-token)")]
    readonly bool CommentOnPr;

    [Parameter("Approve an environment whose description requires approval, without asking (a workflow passes it only in its approved environment job)")]
    readonly bool Yes;

    [Parameter("GitHub token for the release ledger and PR comments"), Secret]
    readonly string GithubToken;

    [Parameter("Vercel access token"), Secret]
    readonly string VercelToken;

    [Parameter("The app's secrets as a JSON object of name to value (in a workflow, toJSON(secrets)), read by the description's { env: NAME } references"), Secret]
    readonly string AppSecrets;

    DeployRun Run;

    protected override void OnBuildInitialized()
    {
        LogToStandardError = Output == OutputFormat.Json;
        var settings = new RunSettings(Config, Environment, DryRun, Output, GitSha,
            ResultFile ?? Path.Combine(TemporaryDirectory, "deployer-result.json"), Context.WorkingDirectory, Force, CommentOnPr,
            ForceUnlock, LockWait is { } wait ? LockTiming.Default with { Wait = TimeSpan.FromSeconds(wait) } : null, Yes);
        try
        {
            Run = RunComposition.Create(settings, new RunParameters(GithubToken, VercelToken, ContainerEngine, AppSecrets),
                new RunHost(Context.Environment, Context.Out, Context.Error, Context.Time, RootDirectory,
                    Context.Terminal is { } terminal ? new TerminalPrompt(terminal, Context.Out) : null));
        }
        catch (Exception e) when (e is GitHubConfigurationException or Deployer.Secrets.AppSecretsException)
        {
            throw new TargetFailedException(e.Message, ExitCodes.InvalidInput);
        }
    }

    protected override void OnBuildFinished() => Run?.Flush();

    /// <summary>Fails the target with the run's exit code, so the summary and the process exit code tell the outcome.</summary>
    static void Finish(int exitCode)
    {
        if (exitCode != ExitCodes.Success)
            throw new TargetFailedException($"exit code {exitCode} ({ExitCodes.Describe(exitCode)})", exitCode);
    }

    // Awaited, never chained with ContinueWith: a cancelled run must wait for the rollback in flight.
    async Task RunPlan(string environment, PlanMode mode, Func<Step, bool> select, CancellationToken cancellationToken) =>
        Finish(await Run.DeployAsync(environment, mode, select, cancellationToken));
}
