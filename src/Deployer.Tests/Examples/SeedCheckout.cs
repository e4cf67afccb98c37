using System.Diagnostics;
using System.Text.Json;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;

namespace Deployer.Tests.Examples;

/// <summary>
/// What the example worlds (<see cref="SaasReleaseWorld"/>, <see cref="MdReaderReleaseWorld"/>) share about an app's
/// checkout: the files a team's repository ignores, its Python set up by the very command its seed workflow declares
/// (an input's default in .github/workflows/&lt;seed&gt;.yml, run as release.yml runs it), and the release ledger the
/// GitHub simulator holds.
/// </summary>
public static class SeedCheckout
{
    /// <summary>What the app repositories ignore: the virtualenv, Python's caches and what npm and builds leave stay out of every commit.</summary>
    public static void IgnorePythonFiles(string root) =>
        File.WriteAllText(Path.Combine(root, ".gitignore"), ".venv/\n__pycache__/\n.pytest_cache/\nnode_modules/\ndist/\n");

    /// <summary>The default of <paramref name="input"/> of the seed's caller workflow (e.g. saas.yml's migration-setup).</summary>
    public static string SetUpCommand(string workflow, string input) =>
        ActionFile.Load(Repository.PathOf(".github", "workflows", workflow)).Map("on")!.Map("workflow_call")!.Map("inputs")!.Map(input)!.Scalar("default")
        ?? throw new InvalidOperationException($"{workflow} has no default for input {input}");

    /// <summary>
    /// Runs the seed's <paramref name="input"/> set-up command in the checkout, as release.yml's set-up step does
    /// (<c>bash -eo pipefail -c</c> in the app's root), for a test that runs a release without the workflow.
    /// </summary>
    public static async Task SetUpAsync(string workflow, string input, string root)
    {
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", SetUpCommand(workflow, input)])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["GITHUB_PATH"] = "/dev/null"; // no later step to hand a PATH to
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{workflow} {input} failed:\n{await stdout}{await stderr}");
    }

    /// <summary>The release ledger's GitHub deployments as the API answers them (payload included), newest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> LedgerAsync(GitHubTestbed github)
    {
        using var http = new HttpClient { BaseAddress = github.Simulator.Endpoint };
        http.DefaultRequestHeaders.Authorization = new("Bearer", GitHubTestbed.Token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("deployer-tests");
        using var list = JsonDocument.Parse(await http.GetStringAsync("repos/acme/shop/deployments?per_page=100"));
        return [.. list.RootElement.EnumerateArray().Select(d => d.Clone()).OrderByDescending(d => d.GetProperty("id").GetInt64())];
    }

    /// <summary>Copies an example's folder into the checkout, without Python's caches (and without <paramref name="skip"/>).</summary>
    public static void Copy(string from, string to, string? skip = null)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("__pycache__", StringComparison.Ordinal) && !f.Contains(".pytest_cache", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(from, file);
            if (skip is not null && relative.StartsWith(skip, StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
