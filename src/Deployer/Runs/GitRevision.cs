using CliWrap;
using CliWrap.Buffered;

namespace Deployer.Runs;

/// <summary>Which commit a run releases: the parameter, else $GITHUB_SHA, else the work tree's HEAD.</summary>
public static class GitRevision
{
    public static async Task<string> ResolveAsync(string? given, IReadOnlyDictionary<string, string> environment, string directory, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(given)) return given.Trim();
        if (environment.TryGetValue("GITHUB_SHA", out var sha) && sha.Length > 0) return sha;
        try
        {
            var result = await Cli.Wrap("git").WithArguments(["rev-parse", "HEAD"]).WithWorkingDirectory(directory)
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
            if (result.ExitCode == 0) return result.StandardOutput.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // git is not installed: fall through to the placeholder, the plan still prints.
        }
        return "0000000000000000000000000000000000000000";
    }
}
