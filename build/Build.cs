using Deployer.Execution;
using Deployer.GitHub;
using Deployer.Output;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Releases;
using Deployer.Runs;
using Deployer.Secrets;

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

    [Parameter("Dry run on a pull request: post the plan as a pull request comment (needs --github-token)")]
    readonly bool CommentOnPr;

    [Parameter("GitHub token for the release ledger and PR comments"), Secret]
    readonly string GithubToken;

    [Parameter("Vercel access token"), Secret]
    readonly string VercelToken;

    DeployRun Run;
    TextWriter[] Writers = [];

    protected override void OnBuildInitialized()
    {
        LogToStandardError = Output == OutputFormat.Json;
        var secrets = SecretValues.FromEnvironment(Context.Environment);
        secrets.Add(GithubToken);
        secrets.Add(VercelToken);
        // The runner hides masked values in every later line, including output of tools Deployer starts.
        var actions = new GitHubActions(Context.Environment, secrets);
        actions.MaskAll(Context.Out);
        // Secrets read later (a connection string from Secrets Manager) are masked the moment they are known.
        if (actions.IsActive)
            secrets.OnAdded(value =>
            {
                lock (Context.Out)
                    foreach (var command in GitHubActions.MaskCommands([value])) Context.Out.WriteLine(command);
            });
        var settings = new RunSettings(Config, Environment, DryRun, Output, GitSha,
            ResultFile ?? Path.Combine(TemporaryDirectory, "deployer-result.json"), Context.WorkingDirectory, Force, CommentOnPr);
        Writers =
        [
            new ScrubbingWriter(Context.Out, secrets),
            // With --output json, standard output carries only the JSON document; progress goes to standard error.
            new ScrubbingWriter(Output == OutputFormat.Json ? Context.Error : Context.Out, secrets),
        ];
        var token = GithubToken is null ? null : new Secret(GithubToken);
        // GitHub Deployments in a workflow with a token; a local file under the root otherwise, so rehearsals work.
        IReleaseLedger ledger;
        PullRequestComment github;
        try
        {
            ledger = ReleaseLedgers.Choose(Context.Environment, token, RootDirectory, Context.Time, secrets);
            github = GitHubSettings.FromEnvironment(Context.Environment, token) is { } settingsOfGitHub
                ? new PullRequestComment(new GitHubConnection(settingsOfGitHub, Context.Time))
                : null;
        }
        catch (GitHubConfigurationException e)
        {
            throw new TargetFailedException(e.Message, ExitCodes.InvalidInput);
        }
        Run = new DeployRun(settings, new RunContext(Writers[0], Writers[1], Context.Environment, secrets, Context.Time,
            new StandardProviders(Context.Environment, secrets, Context.Time, ProviderOptions.Default with { ContainerEngineName = ContainerEngine }),
            ledger, github));
    }

    protected override void OnBuildFinished()
    {
        // Disposing passes on the text a scrubbing writer still holds (Flush keeps what could begin a secret).
        foreach (var writer in Writers) writer.Dispose();
    }

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
