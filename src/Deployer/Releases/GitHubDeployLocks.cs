using Deployer.GitHub;
using Octokit;

namespace Deployer.Releases;

/// <summary>
/// Deployment locks every runner of the repository sees: the git ref <c>refs/deployer/locks/&lt;app&gt;/&lt;environment&gt;</c>,
/// pointing at a commit whose message holds the holder as JSON (<see cref="LockHolder.ToJson"/>).
/// </summary>
/// <remarks>
/// Creating a ref is atomic on GitHub (a second creation is 422 "Reference already exists"), so a claim is one call. A
/// renewal or take-over writes a child of the commit it read and moves the ref without <c>force</c>: GitHub accepts only a
/// fast forward, so if another run moved the ref in between, the update is refused; a compare-and-swap without a lock
/// server. Refs under <c>refs/deployer/</c> are neither branches nor tags: no workflow triggers on them and no branch
/// list shows them. The token needs <c>contents: write</c>.
/// </remarks>
public sealed class GitHubDeployLocks(GitHubConnection github) : IDeployLocks
{
    private const string Prefix = "refs/deployer/locks/";
    private string? _tree;

    public string Name => $"the lock refs {Prefix}… of {github.Settings.Repository}";

    /// <summary>The ref of an app's environment (characters a ref name cannot hold become '_').</summary>
    public static string RefOf(string app, string environment) => $"{Prefix}{LocalDeployLocks.Safe(app)}/{LocalDeployLocks.Safe(environment)}";

    public async Task<LockHolder?> ClaimAsync(string app, string environment, LockHolder holder, CancellationToken cancellationToken)
    {
        var name = RefOf(app, environment);
        while (true)
        {
            var commit = await CommitAsync(app, environment, holder, null, cancellationToken).ConfigureAwait(false);
            try
            {
                await github.CallAsync($"taking the deployment lock {name}", (c, _) =>
                    c.Client.Git.Reference.Create(github.Settings.Owner, github.Settings.Name, new NewReference(name, commit)), cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (GitHubApiException e) when (e.StatusCode == 422)
            {
                // "Reference already exists": held. If it is ours, an earlier attempt of this claim got through.
                if (await ReadAsync(name, cancellationToken).ConfigureAwait(false) is { } current)
                    return current.Holder == holder ? null : current.Holder;
                // Released between the two calls: claim again.
            }
        }
    }

    public async Task<bool> ReplaceAsync(string app, string environment, LockHolder expected, LockHolder next, CancellationToken cancellationToken)
    {
        var name = RefOf(app, environment);
        if (await ReadAsync(name, cancellationToken).ConfigureAwait(false) is not { } current || current.Holder != expected) return false;
        var commit = await CommitAsync(app, environment, next, current.Sha, cancellationToken).ConfigureAwait(false);
        try
        {
            await github.CallAsync($"moving the deployment lock {name}", (c, _) =>
                c.Client.Git.Reference.Update(github.Settings.Owner, github.Settings.Name, Short(name), new ReferenceUpdate(commit, force: false)),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GitHubApiException e) when (e.StatusCode == 422)
        {
            // "Update is not a fast forward" (another run moved it) or "Reference does not exist" (released or broken).
            return false;
        }
    }

    public async Task ReleaseAsync(string app, string environment, LockHolder held, CancellationToken cancellationToken)
    {
        var name = RefOf(app, environment);
        if (await ReadAsync(name, cancellationToken).ConfigureAwait(false) is { } current && current.Holder == held)
            await DeleteAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LockHolder?> BreakAsync(string app, string environment, CancellationToken cancellationToken)
    {
        var name = RefOf(app, environment);
        LockHolder? holder;
        try
        {
            if (await ReadAsync(name, cancellationToken).ConfigureAwait(false) is not { } current) return null;
            holder = current.Holder;
        }
        catch (InvalidDataException)
        {
            // A ref that holds no lock Deployer wrote is broken all the more: remove it, and say nobody in particular held it.
            holder = null;
        }
        await DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        return holder;
    }

    /// <summary>The lock's commit and holder; null when the ref does not exist.</summary>
    /// <exception cref="InvalidDataException">The ref points at something Deployer did not write.</exception>
    public async Task<(string Sha, LockHolder Holder)?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        Reference reference;
        try
        {
            reference = await github.CallAsync($"reading the deployment lock {name}", (c, _) =>
                c.Client.Git.Reference.Get(github.Settings.Owner, github.Settings.Name, Short(name)), cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException e) when (e.StatusCode == 404)
        {
            return null;
        }
        var sha = reference.Object.Sha;
        var commit = await github.CallAsync($"reading the commit of the deployment lock {name}", (c, _) =>
            c.Client.Git.Commit.Get(github.Settings.Owner, github.Settings.Name, sha), cancellationToken).ConfigureAwait(false);
        var place = $"{name} in {github.Settings.Repository} (commit {sha})";
        var blank = commit.Message.IndexOf("\n\n", StringComparison.Ordinal);
        return (sha, LockHolder.Parse(blank < 0 ? commit.Message : commit.Message[(blank + 2)..], place));
    }

    private async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await github.CallAsync($"releasing the deployment lock {name}", async (c, _) =>
            {
                await c.Client.Git.Reference.Delete(github.Settings.Owner, github.Settings.Name, Short(name)).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException e) when (e.StatusCode == 422)
        {
            // "Reference does not exist": gone already, which is what was asked.
        }
    }

    /// <summary>A commit whose message names the lock and holds the holder; the tree is one constant file saying what the ref is.</summary>
    private async Task<string> CommitAsync(string app, string environment, LockHolder holder, string? parent, CancellationToken cancellationToken)
    {
        var owner = github.Settings.Owner;
        var repository = github.Settings.Name;
        _tree ??= await github.CallAsync("writing the tree of a deployment lock", async (c, _) =>
        {
            var blob = await c.Client.Git.Blob.Create(owner, repository, new NewBlob
            {
                Content = "A Deployer deployment lock: the commit message says who holds it, for which commit, and until when.\n",
                Encoding = EncodingType.Utf8,
            }).ConfigureAwait(false);
            var tree = new NewTree();
            tree.Tree.Add(new NewTreeItem { Path = "README", Mode = "100644", Type = TreeType.Blob, Sha = blob.Sha });
            return (await c.Client.Git.Tree.Create(owner, repository, tree).ConfigureAwait(false)).Sha;
        }, cancellationToken).ConfigureAwait(false);
        var message = $"Deployment lock of {app}/{environment}\n\n{holder.ToJson()}";
        var created = await github.CallAsync($"writing the deployment lock of {app}/{environment}", (c, _) =>
            c.Client.Git.Commit.Create(owner, repository, parent is null ? new NewCommit(message, _tree) : new NewCommit(message, _tree, parent)),
            cancellationToken).ConfigureAwait(false);
        return created.Sha;
    }

    /// <summary>Octokit's reference calls take the name without <c>refs/</c>.</summary>
    private static string Short(string name) => name["refs/".Length..];
}
