using CliWrap;
using CliWrap.Buffered;

namespace Deployer.Tests.Support;

/// <summary>A real git repository in a test's directory: commits everything in it and answers the commit's sha.</summary>
public static class GitWorkTree
{
    public static async Task<string> CommitAllAsync(string directory, string message)
    {
        if (!Directory.Exists(Path.Combine(directory, ".git"))) await GitAsync(directory, "init", "-q", "-b", "main");
        await GitAsync(directory, "add", "-A");
        await GitAsync(directory, "-c", "user.name=Deployer Tests", "-c", "user.email=tests@deployer.invalid", "-c", "commit.gpgsign=false",
            "commit", "-q", "--allow-empty", "-m", message);
        return (await GitAsync(directory, "rev-parse", "HEAD")).Trim();
    }

    private static async Task<string> GitAsync(string directory, params string[] arguments)
    {
        var result = await Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(directory).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result.StandardError}");
        return result.StandardOutput;
    }
}
