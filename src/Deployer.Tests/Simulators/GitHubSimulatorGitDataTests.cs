using Octokit;

namespace Deployer.Tests.Simulators;

/// <summary>
/// The GitHub simulator's git data API (blobs, trees, commits, refs) answers Octokit as GitHub does: objects carry git's
/// own shas (the expected values are what git hash-object, mktree and commit-tree print), a ref is created once, and an
/// update without force must be a fast forward.
/// </summary>
public class GitHubSimulatorGitDataTests
{
    private const string Owner = "acme", Name = "shop";
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(string Tree, string Commit)> FirstCommitAsync(IGitHubClient client)
    {
        var blob = await client.Git.Blob.Create(Owner, Name, new NewBlob { Content = "hello\n", Encoding = EncodingType.Utf8 });
        var tree = new NewTree();
        tree.Tree.Add(new NewTreeItem { Path = "hello.txt", Mode = "100644", Type = TreeType.Blob, Sha = blob.Sha });
        var created = await client.Git.Tree.Create(Owner, Name, tree);
        var alice = new Committer("Alice", "alice@example.com", T0);
        var commit = await client.Git.Commit.Create(Owner, Name, new NewCommit("first\n", created.Sha) { Author = alice, Committer = alice });
        return (created.Sha, commit.Sha);
    }

    [Fact]
    public async Task Blobs_trees_and_commits_get_the_shas_git_gives_them_and_read_back()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();

        var blob = await client.Git.Blob.Create(Owner, Name, new NewBlob { Content = "aGVsbG8K", Encoding = EncodingType.Base64 });
        var (tree, commit) = await FirstCommitAsync(client);

        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", blob.Sha);
        Assert.Equal("aaa96ced2d9a1c8e72c56b253a0e2fe78393feb7", tree);
        Assert.Equal("3d0a6906a1b1e9797d6ecfdf6262239404bf248b", commit);
        var read = await client.Git.Commit.Get(Owner, Name, commit);
        Assert.Equal(("first\n", tree, "Alice", T0), (read.Message, read.Tree.Sha, read.Author.Name, read.Author.Date));
        Assert.Empty(read.Parents);
        var readTree = await client.Git.Tree.Get(Owner, Name, tree);
        Assert.Equal(("hello.txt", "ce013625030ba8dba906f756967f9e9ca394464a", 6L), (readTree.Tree[0].Path, readTree.Tree[0].Sha, readTree.Tree[0].Size));
        Assert.Equal("hello\n", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((await client.Git.Blob.Get(Owner, Name, blob.Sha)).Content)));
    }

    [Fact]
    public async Task A_commit_must_name_a_tree_and_parents_the_repository_holds()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();
        var (tree, _) = await FirstCommitAsync(client);
        var missing = new string('a', 40);

        var noTree = await Assert.ThrowsAsync<ApiValidationException>(() => client.Git.Commit.Create(Owner, Name, new NewCommit("x", missing)));
        var noParent = await Assert.ThrowsAsync<ApiValidationException>(() => client.Git.Commit.Create(Owner, Name, new NewCommit("x", tree, missing)));

        Assert.Equal("Tree SHA does not exist", noTree.Message);
        Assert.Equal("Parent SHA does not exist or is not a commit object", noParent.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => client.Git.Commit.Get(Owner, Name, missing));
    }

    [Fact]
    public async Task A_ref_is_created_once_moved_only_forward_unless_forced_and_deleted()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();
        var (tree, first) = await FirstCommitAsync(client);
        var second = (await client.Git.Commit.Create(Owner, Name, new NewCommit("second", tree, first))).Sha;
        var sibling = (await client.Git.Commit.Create(Owner, Name, new NewCommit("sibling", tree, first))).Sha;

        var created = await client.Git.Reference.Create(Owner, Name, new NewReference("refs/deployer/locks/shop/production", first));
        var again = await Assert.ThrowsAsync<ApiValidationException>(() =>
            client.Git.Reference.Create(Owner, Name, new NewReference("refs/deployer/locks/shop/production", second)));
        var forward = await client.Git.Reference.Update(Owner, Name, "deployer/locks/shop/production", new ReferenceUpdate(second, force: false));
        var sideways = await Assert.ThrowsAsync<ApiValidationException>(() =>
            client.Git.Reference.Update(Owner, Name, "deployer/locks/shop/production", new ReferenceUpdate(sibling, force: false)));
        var forced = await client.Git.Reference.Update(Owner, Name, "deployer/locks/shop/production", new ReferenceUpdate(sibling, force: true));

        Assert.Equal(("refs/deployer/locks/shop/production", first, TaggedType.Commit), (created.Ref, created.Object.Sha, created.Object.Type.Value));
        Assert.Equal("Reference already exists", again.Message);
        Assert.Equal(second, forward.Object.Sha);
        Assert.Equal("Update is not a fast forward", sideways.Message);
        Assert.Equal(sibling, forced.Object.Sha);
        Assert.Equal(sibling, (await client.Git.Reference.Get(Owner, Name, "deployer/locks/shop/production")).Object.Sha);

        await client.Git.Reference.Delete(Owner, Name, "deployer/locks/shop/production");

        await Assert.ThrowsAsync<NotFoundException>(() => client.Git.Reference.Get(Owner, Name, "deployer/locks/shop/production"));
        var gone = await Assert.ThrowsAsync<ApiValidationException>(() => client.Git.Reference.Delete(Owner, Name, "deployer/locks/shop/production"));
        Assert.Equal("Reference does not exist", gone.Message);
    }

    [Fact]
    public async Task Of_many_clients_creating_one_ref_at_once_exactly_one_succeeds()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();
        var (_, first) = await FirstCommitAsync(client);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            try
            {
                await github.Octokit().Git.Reference.Create(Owner, Name, new NewReference("refs/deployer/locks/shop/staging", first));
                return true;
            }
            catch (ApiValidationException)
            {
                return false;
            }
        }));

        Assert.Single(attempts, a => a);
    }

    [Fact]
    public async Task A_ref_name_must_follow_gits_rules_and_name_an_existing_object()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();
        var (_, first) = await FirstCommitAsync(client);

        var invalid = await Assert.ThrowsAsync<ApiValidationException>(() => client.Git.Reference.Create(Owner, Name, new NewReference("refs/deployer/locks/a..b", first)));
        var missing = await Assert.ThrowsAsync<ApiValidationException>(() =>
            client.Git.Reference.Create(Owner, Name, new NewReference("refs/heads/main", new string('b', 40))));

        Assert.Contains("is not a valid ref name", invalid.Message);
        Assert.Equal("Object does not exist", missing.Message);
    }
}
