using System.Formats.Tar;
using CliWrap;
using CliWrap.Buffered;

namespace Deployer.Providers.Migrations;

/// <summary>
/// The migration project as a release's commit holds it, extracted (<c>git archive</c>) into a temporary directory
/// that is deleted with this object. A promotion migrates from here, not from the checkout: the checkout may be a later
/// commit whose extra revisions production must not get before their code.
/// </summary>
public sealed class ReleaseTree : IDisposable
{
    private readonly string _root;

    private ReleaseTree(string root, string migrationDirectory) => (_root, MigrationDirectory) = (root, migrationDirectory);

    /// <summary>The migration directory inside the extracted commit.</summary>
    public string MigrationDirectory { get; }

    /// <summary>
    /// Extracts commit <paramref name="sha"/> of the repository holding <paramref name="migrationDirectory"/>; returns
    /// why it cannot (not a repository, commit not fetched, directory absent at that commit) instead, before any change.
    /// </summary>
    public static async Task<(ReleaseTree? Tree, string? Problem)> ExtractAsync(string migrationDirectory, string sha, CancellationToken cancellationToken)
    {
        // The directory may be gone from the checkout yet present at the release: ask git from its nearest existing parent.
        var existing = new DirectoryInfo(migrationDirectory);
        while (existing is { Exists: false }) existing = existing.Parent;
        if (existing is null) return (null, $"{migrationDirectory} has no existing parent directory");
        var beneath = Path.GetRelativePath(existing.FullName, migrationDirectory);

        var top = await GitAsync(existing.FullName, ["rev-parse", "--show-toplevel", "--show-prefix"], cancellationToken).ConfigureAwait(false);
        if (top.ExitCode != 0)
            return (null, $"a promotion runs the migrations of the promoted release's commit {sha}, but {migrationDirectory} is not inside a git repository; run it from a clone of the repository");
        var lines = top.StandardOutput.Split('\n');
        var repository = lines[0].Trim();
        var prefix = Path.Combine(lines.Length > 1 ? lines[1].Trim() : "", beneath == "." ? "" : beneath);

        var exists = await GitAsync(repository, ["cat-file", "-e", sha + "^{commit}"], cancellationToken).ConfigureAwait(false);
        if (exists.ExitCode != 0)
            return (null, $"a promotion runs the migrations of the promoted release's commit {sha}, which is not in the local repository {repository}; " +
                          $"fetch it first (git fetch origin {sha}; in a workflow, actions/checkout with fetch-depth: 0)");

        var root = Directory.CreateTempSubdirectory("deployer-release-").FullName;
        var tree = new ReleaseTree(root, Path.GetFullPath(Path.Combine(root, prefix)));
        try
        {
            using var archive = new MemoryStream();
            var result = await Cli.Wrap("git").WithArguments(["archive", "--format=tar", sha]).WithWorkingDirectory(repository)
                .WithStandardOutputPipe(PipeTarget.ToStream(archive)).WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
                throw new IOException($"git archive {sha} failed: {result.StandardError.Trim()}");
            archive.Position = 0;
            await TarFile.ExtractToDirectoryAsync(archive, root, overwriteFiles: false, cancellationToken).ConfigureAwait(false);
            if (!Directory.Exists(tree.MigrationDirectory))
            {
                tree.Dispose();
                return (null, $"the promoted release's commit {sha} has no {prefix.TrimEnd('/')} to run migrations from");
            }
            return (tree, null);
        }
        catch
        {
            tree.Dispose();
            throw;
        }
    }

    private static async Task<BufferedCommandResult> GitAsync(string directory, string[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(directory).WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // git is not installed: as good as no repository.
            return new BufferedCommandResult(127, DateTimeOffset.Now, DateTimeOffset.Now, "", "git is not installed");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
