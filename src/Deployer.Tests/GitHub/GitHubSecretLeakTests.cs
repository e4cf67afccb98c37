using Deployer.GitHub;
using Deployer.Releases;
using Deployer.Secrets;
using Deployer.Tests.Simulators;
using static Deployer.Tests.Releases.Releases;

namespace Deployer.Tests.GitHub;

/// <summary>The GitHub token reaches GitHub's Authorization header and nothing else: no message, no ToString, no record.</summary>
public sealed class GitHubSecretLeakTests : IAsyncLifetime
{
    private GitHubTestbed _github = null!;

    public async Task InitializeAsync() => _github = await GitHubTestbed.StartAsync();

    public Task DisposeAsync() => _github.DisposeAsync().AsTask();

    private static void AssertNoToken(string text, string token = GitHubTestbed.Token)
    {
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain(token[..20], text);
    }

    [Fact]
    public async Task The_token_goes_to_GitHub_as_a_bearer_token_and_appears_in_no_record()
    {
        var connection = _github.Connection();
        var entry = await new GitHubLedger(connection).RecordAsync(Release(), ReleaseStatus.Success, "https://ci/log", CancellationToken.None);

        Assert.All(_github.Simulator.Exchanges, e => Assert.Equal($"Bearer {GitHubTestbed.Token}", e.Authorization));
        Assert.All(_github.Simulator.Exchanges, e => AssertNoToken(e.RequestBody + e.ResponseBody + e.Target));
        AssertNoToken(entry.ToString());
        AssertNoToken(connection.Settings.ToString());
        Assert.Contains("Token = [REDACTED]", connection.Settings.ToString());
    }

    public static TheoryData<string> Failures() => ["401", "404", "422", "rate limit", "secondary rate limit", "5xx", "unreachable"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task No_failure_message_or_trace_holds_the_token(string failure)
    {
        var token = failure == "401" ? "ghp_wrong_token_that_must_never_leak_987654" : GitHubTestbed.Token;
        var environment = new Dictionary<string, string>(_github.Environment);
        switch (failure)
        {
            case "404": environment["GITHUB_REPOSITORY"] = "acme/nothing"; break;
            case "rate limit": _github.Simulator.Faults.RateLimitNext(1); break;
            case "secondary rate limit": _github.Simulator.Faults.SecondaryRateLimitNext(1, TimeSpan.FromHours(1)); break;
            case "5xx": _github.Simulator.Faults.FailNext(3); break;
            case "unreachable": environment["GITHUB_API_URL"] = "http://127.0.0.1:1"; break;
        }
        var settings = GitHubSettings.FromEnvironment(environment, new Secret(token))! with
        {
            Retry = new GitHubRetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(1)),
        };
        var ledger = new GitHubLedger(new GitHubConnection(settings, TimeProvider.System));
        var release = failure == "422" ? Release("no-such-ref") : Release();

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => ledger.RecordAsync(release, ReleaseStatus.Success, null, CancellationToken.None));

        Assert.Contains(settings.Repository, exception.Message);
        AssertNoToken(exception.Message, token);
        AssertNoToken(exception.ToString(), token);
    }
}
