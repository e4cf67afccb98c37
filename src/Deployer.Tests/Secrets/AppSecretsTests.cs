using Deployer.Secrets;

namespace Deployer.Tests.Secrets;

public sealed class AppSecretsTests
{
    private static readonly Dictionary<string, string> Process = new() { ["PATH"] = "/usr/bin", ["SHOP_DATABASE_URL"] = "from-the-job-env-1234" };

    [Fact]
    public void The_apps_secrets_become_variables_for_env_references_and_every_value_is_scrubbed()
    {
        var known = new SecretValues();

        var environment = AppSecrets.Merge(Process, """{ "SHOP_SSH_KEY": "-----BEGIN KEY-----\nabc123\n", "HOOK": "https://hooks.example/x-77" }""", known);

        Assert.Equal("-----BEGIN KEY-----\nabc123\n", environment["SHOP_SSH_KEY"]);
        Assert.Equal("https://hooks.example/x-77", environment["HOOK"]);
        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("key [REDACTED] hook [REDACTED]", known.Scrub("key -----BEGIN KEY-----\nabc123\n hook https://hooks.example/x-77"));
    }

    [Fact]
    public void A_variable_the_job_sets_wins_and_githubs_own_token_is_left_out()
    {
        var known = new SecretValues();

        var environment = AppSecrets.Merge(Process, """{ "SHOP_DATABASE_URL": "from-the-secrets-5678", "github_token": "ghs_jobtoken000" }""", known);

        Assert.Equal("from-the-job-env-1234", environment["SHOP_DATABASE_URL"]);
        Assert.False(environment.ContainsKey("github_token"));
        Assert.True(known.Reveals("from-the-secrets-5678"));
        Assert.True(known.Reveals("ghs_jobtoken000"));
    }

    [Fact]
    public void No_secrets_leave_the_environment_as_it_is() =>
        Assert.Same(Process, AppSecrets.Merge(Process, "  ", new SecretValues()));

    [Theory]
    [InlineData("""{ "DATABASE_URL": postgres://u:hunter2-pw@db }""", "--app-secrets (NUKE_APP_SECRETS) is not valid JSON; in a workflow pass ${{ toJSON(secrets) }}")]
    [InlineData("""["hunter2-pw"]""", "--app-secrets (NUKE_APP_SECRETS) must be a JSON object of secret names to values, not an array")]
    [InlineData("""{ "PORT": 5432, "bad-name": "hunter2-pw" }""", "--app-secrets (NUKE_APP_SECRETS): PORT is a number, not a string; 'bad-name' is not an environment variable name")]
    public void Secrets_that_are_not_an_object_of_names_to_strings_are_refused_without_quoting_a_value(string json, string message)
    {
        var error = Assert.Throws<AppSecretsException>(() => AppSecrets.Merge(Process, json, new SecretValues()));

        Assert.Equal(message, error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
