using Deployer.Releases;
using Deployer.Tests.Simulators;

namespace Deployer.Tests.Releases;

/// <summary>
/// The deployment lock specification against the lock refs of a GitHub repository, through Octokit, on the GitHub
/// simulator: what every runner of the repository sees.
/// </summary>
public sealed class GitHubDeployLocksSpecification : DeployLocksSpecification
{
    private GitHubTestbed? _github;

    private GitHubTestbed GitHub => _github ?? throw new InvalidOperationException("not initialised");

    public override async Task InitializeAsync() => _github = await GitHubTestbed.StartAsync();

    public override async Task DisposeAsync()
    {
        if (_github is not null) await _github.DisposeAsync();
    }

    protected override IDeployLocks Locks(TimeProvider time) => new GitHubDeployLocks(GitHub.Connection());

    protected override LockHolder? Stored() => GitHub.StoredLock();

    [Fact]
    public async Task The_lock_is_a_ref_outside_branches_and_tags_whose_commit_message_names_the_lock_and_holds_the_holder()
    {
        var holder = new LockHolder("a", "https://github.com/acme/shop/actions/runs/7", Sha, T0, T0.AddMinutes(5));

        await Locks(TimeProvider.System).ClaimAsync("shop", "production", holder, default);

        var (_, message) = GitHub.Simulator.Ref(GitHubTestbed.Repository, "refs/deployer/locks/shop/production")!.Value;
        Assert.StartsWith("Deployment lock of shop/production\n\n{", message, StringComparison.Ordinal);
        Assert.Equal(holder, Stored());
    }

    [Fact]
    public async Task A_renewal_is_refused_once_another_run_has_moved_the_ref()
    {
        var locks = Locks(TimeProvider.System);
        var mine = new LockHolder("mine", "a@host", Sha, T0, T0.AddMinutes(5));
        await locks.ClaimAsync("shop", "production", mine, default);
        var theirs = mine with { Id = "theirs", Owner = "b@host" };
        Assert.True(await locks.ReplaceAsync("shop", "production", mine, theirs, default));

        Assert.False(await locks.ReplaceAsync("shop", "production", mine, mine with { Expires = T0.AddMinutes(10) }, default));
        Assert.Equal(theirs, Stored());
    }

    [Fact]
    public async Task A_ref_that_holds_no_lock_is_refused_with_its_name()
    {
        var client = GitHub.Octokit();
        var blob = await client.Git.Blob.Create("acme", "shop", new Octokit.NewBlob { Content = "x", Encoding = Octokit.EncodingType.Utf8 });
        var tree = new Octokit.NewTree();
        tree.Tree.Add(new Octokit.NewTreeItem { Path = "x", Mode = "100644", Type = Octokit.TreeType.Blob, Sha = blob.Sha });
        var commit = await client.Git.Commit.Create("acme", "shop", new Octokit.NewCommit("not a lock", (await client.Git.Tree.Create("acme", "shop", tree)).Sha));
        await client.Git.Reference.Create("acme", "shop", new Octokit.NewReference("refs/deployer/locks/shop/production", commit.Sha));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Locks(TimeProvider.System).ClaimAsync("shop", "production", new LockHolder("a", "a@host", Sha, T0, T0.AddMinutes(5)), default));

        Assert.Contains("refs/deployer/locks/shop/production in acme/shop", error.Message);
        Assert.Null(await Locks(TimeProvider.System).BreakAsync("shop", "production", default));
        Assert.Null(GitHub.Simulator.Ref(GitHubTestbed.Repository, "refs/deployer/locks/shop/production"));
    }
}
