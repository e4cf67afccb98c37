using Deployer.GitHub;
using Deployer.Releases;
using Deployer.Secrets;

namespace Deployer.Tests.Releases;

public sealed class ReleaseLedgersTests
{
    // Only the path is chosen here; nothing is written under it.
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "deployer-ledger-choice");

    private static IReleaseLedger Choose(Secret? token, params (string Name, string Value)[] variables) =>
        ReleaseLedgers.Choose(variables.ToDictionary(v => v.Name, v => v.Value), token, Root, TimeProvider.System);

    [Fact]
    public void A_workflow_run_with_a_token_records_in_GitHub_Deployments()
    {
        var ledger = Choose(new Secret("ghs_x"), ("GITHUB_REPOSITORY", "acme/shop"), ("GITHUB_API_URL", "https://ghe.example/api/v3"));

        Assert.IsType<GitHubLedger>(ledger);
        Assert.Equal("GitHub deployments of acme/shop", ledger.Name);
    }

    [Theory]
    [InlineData(null, "acme/shop")]
    [InlineData("", "acme/shop")]
    [InlineData("ghs_x", null)]
    public void Without_a_token_or_a_repository_the_run_records_in_the_local_file(string? token, string? repository)
    {
        var ledger = Choose(token is null ? null : new Secret(token), repository is null ? [] : [("GITHUB_REPOSITORY", repository)]);

        Assert.Equal(Path.Combine(Root, ".deployer", "releases.json"), Assert.IsType<LocalLedger>(ledger).Path);
    }

    [Fact]
    public void A_workflow_run_with_a_token_locks_in_the_repositorys_lock_refs_and_a_local_run_in_the_lock_directory()
    {
        var github = ReleaseLedgers.ChooseLocks(new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = "acme/shop" }, new Secret("ghs_x"), Root, TimeProvider.System);
        var local = ReleaseLedgers.ChooseLocks(new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = "acme/shop" }, null, Root, TimeProvider.System);

        Assert.Equal("the lock refs refs/deployer/locks/… of acme/shop", Assert.IsType<GitHubDeployLocks>(github).Name);
        Assert.Equal(Path.Combine(Root, ".deployer", "locks"), Assert.IsType<LocalDeployLocks>(local).Directory);
    }

    [Fact]
    public void Unusable_GitHub_variables_are_reported_together()
    {
        var failure = Assert.Throws<GitHubConfigurationException>(() =>
            Choose(new Secret("ghs_x"), ("GITHUB_REPOSITORY", "shop"), ("GITHUB_API_URL", "ftp://ghe.example")));

        Assert.Equal($"GITHUB_REPOSITORY is not owner/name: 'shop'.{Environment.NewLine}GITHUB_API_URL is not an http(s) URL: 'ftp://ghe.example'.", failure.Message);
    }

    [Theory]
    [InlineData(null, "https://api.github.com/")]
    [InlineData("https://ghe.example/api/v3", "https://ghe.example/api/v3/")]
    [InlineData("https://ghe.example/api/v3/", "https://ghe.example/api/v3/")]
    public void The_API_address_keeps_its_path(string? variable, string expected)
    {
        var environment = new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = "acme/shop" };
        if (variable is not null) environment["GITHUB_API_URL"] = variable;

        Assert.Equal(expected, GitHubSettings.FromEnvironment(environment, new Secret("t"))!.ApiUrl.ToString());
    }
}
