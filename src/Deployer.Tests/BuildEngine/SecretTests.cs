using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class SecretTests : IDisposable
{
    private const string Token = "tok_9f8e7d6c5b4a";
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class SecretBuild : RecordingBuild
    {
        [Parameter("Vercel API token"), Secret] readonly string VercelToken = "";
        [Parameter("Numeric secret"), Secret] readonly int Pin = 0;
        [Parameter] readonly string Project = "web";

        Target Deploy => _ => _.Requires(() => Project).Executes(() =>
            throw new TargetFailedException($"request with token {VercelToken} was rejected"));
        Target Crash => _ => _.Executes(() => throw new InvalidOperationException($"bug while using {VercelToken}"));
        Target Check => _ => _.Requires(() => VercelToken.Length > 100).Executes(() => Record(Pin.ToString()));
    }

    [Theory]
    [InlineData("Deploy")]
    [InlineData("Crash")]
    [InlineData("Check")]
    [InlineData("--help")]
    [InlineData("Deploy", "--verbosity", "verbose")]
    [InlineData("Deploy", "--project", "")]
    [InlineData("Nope")]
    public void A_secret_value_never_appears_in_the_engine_output(params string[] args)
    {
        _fixture.Environment["VERCEL_TOKEN"] = Token;

        var result = _fixture.Run<SecretBuild>(args);

        Assert.DoesNotContain(Token, result.All);
    }

    [Fact]
    public void Secrets_are_redacted_where_the_engine_would_print_them()
    {
        _fixture.Environment["VERCEL_TOKEN"] = Token;

        var result = _fixture.Run<SecretBuild>("Deploy");

        Assert.Contains("Target Deploy failed: request with token [REDACTED] was rejected", result.Error);
    }

    [Fact]
    public void An_invalid_secret_value_is_reported_without_the_value()
    {
        var result = _fixture.Run<SecretBuild>("Check", "--pin", "secret-pin-7x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Parameter '--pin' from command line --pin: expected a whole number.", result.Error);
        Assert.DoesNotContain("secret-pin-7x", result.All);
    }

    [Fact]
    public void Under_GitHub_Actions_secrets_are_masked_before_any_other_output()
    {
        _fixture.Environment["GITHUB_ACTIONS"] = "true";
        _fixture.Environment["VERCEL_TOKEN"] = Token;

        var result = _fixture.Run<SecretBuild>("Deploy", "--pin", "4321");

        var lines = result.Out.Split(Environment.NewLine);
        Assert.Equal($"::add-mask::{Token}", lines[0]);
        Assert.Equal("::add-mask::4321", lines[1]);
        Assert.Equal(1, lines.Count(l => l.Contains(Token)));
        Assert.DoesNotContain(Token, result.Error);
    }

    [Fact]
    public void Without_GitHub_Actions_nothing_is_masked()
    {
        _fixture.Environment["VERCEL_TOKEN"] = Token;

        Assert.DoesNotContain("::add-mask::", _fixture.Run<SecretBuild>("Deploy").Out);
    }
}
