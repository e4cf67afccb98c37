using Deployer.Providers;
using Deployer.Secrets;

namespace Deployer.Runs;

/// <summary>Output format of plans and results on standard output.</summary>
public enum OutputFormat { Text, Json }

/// <summary>What the user asked for, as the build parameters give it.</summary>
/// <param name="ConfigPath">deploy.yml path, relative to <paramref name="WorkingDirectory"/> unless absolute.</param>
/// <param name="Environment">Environment to act on.</param>
/// <param name="DryRun">Print the plan; change nothing.</param>
/// <param name="Output">Text or JSON on standard output.</param>
/// <param name="GitSha">Commit to release; resolved from GITHUB_SHA or git when absent.</param>
/// <param name="ResultFile">Where the JSON result is written.</param>
/// <param name="WorkingDirectory">Directory relative paths start from (the repository root for paths inside the description).</param>
/// <param name="Force">Roll back across a recorded migration anyway.</param>
/// <param name="CommentOnPr">Dry run on a pull request: post the plan as a comment.</param>
/// <param name="ForceUnlock">Break the environment's deployment lock (a run that died holding it) before taking it.</param>
/// <param name="Lock">How long the deployment lock lives and how long a run waits for it; null is <see cref="Releases.LockTiming.Default"/>.</param>
/// <param name="Yes">The environment's approval was given (a workflow's approved environment job); no question is asked.</param>
public sealed record RunSettings(
    string ConfigPath,
    string? Environment,
    bool DryRun,
    OutputFormat Output,
    string? GitSha,
    string ResultFile,
    string WorkingDirectory,
    bool Force = false,
    bool CommentOnPr = false,
    bool ForceUnlock = false,
    Releases.LockTiming? Lock = null,
    bool Yes = false);

/// <summary>The run's edges: where it writes, what it reads, its clock and the providers it can execute.</summary>
/// <param name="Out">Plans and results (already scrubbing secrets).</param>
/// <param name="Log">Progress and errors (already scrubbing secrets).</param>
/// <param name="Environment">Process environment, injected.</param>
/// <param name="Secrets">Values to keep out of every output.</param>
/// <param name="Time">Clock for durations and timeouts.</param>
/// <param name="Providers">Creates the step handlers and previewers for a plan.</param>
/// <param name="Ledger">Where releases are recorded and read back for promotion and rollback; null records nothing.</param>
/// <param name="Comments">Pull request comments, for the dry-run plan; null outside GitHub.</param>
/// <param name="Locks">Where deployment locks are held (beside the ledger); null takes none.</param>
/// <param name="Machine">This machine's name, for the owner of a lock taken outside a workflow run (user@host).</param>
/// <param name="Http">Transport for release notifications; null uses the system's.</param>
/// <param name="Prompt">Asks for an environment's approval; null when there is no terminal.</param>
/// <param name="Previews">GitHub deployments of a pull request's previews; null outside GitHub.</param>
public sealed record RunContext(
    TextWriter Out,
    TextWriter Log,
    IReadOnlyDictionary<string, string> Environment,
    SecretValues Secrets,
    TimeProvider Time,
    IProviderFactory Providers,
    Releases.IReleaseLedger? Ledger = null,
    GitHub.IPullRequestComments? Comments = null,
    Releases.IDeployLocks? Locks = null,
    string Machine = "localhost",
    HttpMessageHandler? Http = null,
    IApprovalPrompt? Prompt = null,
    GitHub.IPreviewDeployments? Previews = null);
