using Deployer.Output;
using Deployer.Secrets;

namespace Deployer.Tests.Secrets;

public class SecretTests
{
    [Fact]
    public void A_secret_prints_as_redacted_everywhere_but_reveal()
    {
        var secret = new Secret("hunter2-very-secret");

        Assert.Equal("[REDACTED]", secret.ToString());
        Assert.Equal("token=[REDACTED]", $"token={secret}");
        Assert.Equal("hunter2-very-secret", secret.Reveal());
    }

    [Fact]
    public void Secret_looking_variables_and_url_passwords_are_known_values()
    {
        var values = SecretValues.FromEnvironment(new Dictionary<string, string>
        {
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG",
            ["GITHUB_TOKEN"] = "ghp_abcdef123456",
            ["VERCEL_TOKEN"] = "vercel-token-value",
            ["MIGRATOR_URL"] = "postgresql://app_migrator:s3cr3t-pass@db.internal:5432/app",
            ["AWS_REGION"] = "me-south-1",
        });

        Assert.Contains("wJalrXUtnFEMI/K7MDENG", values.All);
        Assert.Contains("ghp_abcdef123456", values.All);
        Assert.Contains("vercel-token-value", values.All);
        Assert.Contains("s3cr3t-pass", values.All);
        Assert.DoesNotContain("me-south-1", values.All);
    }

    [Fact]
    public void Scrubbing_hides_known_values_and_any_url_password()
    {
        var values = new SecretValues();
        values.Add("ghp_abcdef123456");

        Assert.Equal("token [REDACTED] used", values.Scrub("token ghp_abcdef123456 used"));
        Assert.Equal("redis://user:[REDACTED]@cache:6379", values.Scrub("redis://user:other-password@cache:6379"));
    }

    [Fact]
    public void A_secret_split_across_writes_is_still_scrubbed()
    {
        var values = new SecretValues();
        values.Add("ghp_abcdef123456");
        var inner = new StringWriter();
        using (var writer = new ScrubbingWriter(inner, values))
        {
            writer.Write("token ghp_abc");
            writer.Write("def123456 end");
            writer.WriteLine();
            writer.Write("tail ghp_abcdef");
            writer.Write("123456");
        }

        Assert.Equal("token [REDACTED] end" + Environment.NewLine + "tail [REDACTED]", inner.ToString());
    }
}
