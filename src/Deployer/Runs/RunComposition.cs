using Deployer.GitHub;
using Deployer.Output;
using Deployer.Providers;
using Deployer.Releases;
using Deployer.Secrets;

namespace Deployer.Runs;

/// <summary>The build parameters that choose a run's credentials and tools, as given (secrets still plain text).</summary>
/// <param name="GithubToken">Token for the release ledger and pull request comments.</param>
/// <param name="VercelToken">Vercel access token.</param>
/// <param name="ContainerEngine">docker, podman or buildah; null picks the first that works.</param>
/// <param name="AppSecrets">The app's secrets as a JSON object (see <see cref="Secrets.AppSecrets"/>).</param>
public sealed record RunParameters(string? GithubToken = null, string? VercelToken = null, string? ContainerEngine = null, string? AppSecrets = null);

/// <summary>What the process hosting the run gives it: environment, raw standard output and error, clock, repository root.</summary>
public sealed record RunHost(
    IReadOnlyDictionary<string, string> Environment,
    TextWriter Out,
    TextWriter Error,
    TimeProvider Time,
    string RootDirectory,
    IApprovalPrompt? Prompt = null);

/// <summary>
/// The composition root of a deploy run: which secrets every output is scrubbed of (and the GitHub runner masks), the
/// writers, the release ledger, the GitHub connection and the providers. The build only declares parameters and targets.
/// </summary>
public static class RunComposition
{
    /// <exception cref="GitHubConfigurationException">GITHUB_REPOSITORY or GITHUB_API_URL is malformed.</exception>
    /// <exception cref="AppSecretsException">The app's secrets are not a JSON object of names to values.</exception>
    public static DeployRun Create(RunSettings settings, RunParameters parameters, RunHost host)
    {
        var secrets = SecretValues.FromEnvironment(host.Environment);
        secrets.Add(parameters.GithubToken);
        secrets.Add(parameters.VercelToken);
        host = host with { Environment = AppSecrets.Merge(host.Environment, parameters.AppSecrets, secrets) };
        // The runner hides masked values in every later line, including output of tools Deployer starts.
        var actions = new GitHubActions(host.Environment, secrets);
        actions.MaskAll(host.Out);
        // Secrets read later (a connection string from Secrets Manager) are masked the moment they are known.
        if (actions.IsActive)
            secrets.OnAdded(value =>
            {
                lock (host.Out)
                    foreach (var command in WorkflowCommands.AddMask([value])) host.Out.WriteLine(command);
            });

        var output = new ScrubbingWriter(host.Out, secrets);
        // With --output json, standard output carries only the JSON document; progress goes to standard error.
        var log = new ScrubbingWriter(settings.Output == OutputFormat.Json ? host.Error : host.Out, secrets);
        var token = parameters.GithubToken is null ? null : new Secret(parameters.GithubToken);
        // GitHub Deployments in a workflow with a token; a local file under the root otherwise, so rehearsals work.
        var ledger = ReleaseLedgers.Choose(host.Environment, token, host.RootDirectory, host.Time, secrets);
        var github = GitHubSettings.FromEnvironment(host.Environment, token) is { } settingsOfGitHub ? new GitHubConnection(settingsOfGitHub, host.Time) : null;
        var comments = github is null ? null : new PullRequestComment(github);
        var providers = new StandardProviders(host.Environment, secrets, host.Time,
            ProviderOptions.Default with { ContainerEngineName = parameters.ContainerEngine, VercelToken = parameters.VercelToken });
        var locks = ReleaseLedgers.ChooseLocks(host.Environment, token, host.RootDirectory, host.Time);
        return new DeployRun(settings, new RunContext(output, log, host.Environment, secrets, host.Time, providers, ledger, comments, locks,
            System.Environment.MachineName, Prompt: host.Prompt, Previews: github is null ? null : new PreviewDeployments(github)));
    }
}
