using System.Diagnostics;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;

namespace Deployer.Tests.Examples;

/// <summary>
/// What the example worlds (<see cref="SaasReleaseWorld"/>, <see cref="MdReaderReleaseWorld"/>) share about an app's
/// checkout: the files a team's repository ignores and its Python set up by the very command its seed workflow
/// declares (an input's default in .github/workflows/&lt;seed&gt;.yml, run as release.yml runs it).
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
}
