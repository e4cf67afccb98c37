using System.Linq.Expressions;
using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class NamingTests
{
    [Theory]
    [InlineData("AwsRegion", "aws-region")]
    [InlineData("DryRun", "dry-run")]
    [InlineData("ECSCluster", "ecs-cluster")]
    [InlineData("Ec2Type", "ec2-type")]
    [InlineData("Retries", "retries")]
    [InlineData("_apiKey", "api-key")]
    [InlineData("Smoke_Test", "smoke-test")]
    public void Member_names_become_kebab_case(string name, string expected)
    {
        Assert.Equal(expected, Naming.ToKebabCase(name));
    }

    [Theory]
    [InlineData("aws-regoin", "--aws-region")]
    [InlineData("awsregion", "--aws-region")]
    [InlineData("verbosty", "--verbosity")]
    [InlineData("zzz", null)]
    public void The_closest_name_is_suggested_only_when_it_is_a_plausible_typo(string input, string? expected)
    {
        Assert.Equal(expected, Naming.Closest(input, ["--aws-region", "--retries", "--verbosity"]));
    }

    private readonly int _retries = 0;
    private readonly bool _dryRun = false;
    private readonly string[] _services = [];

    [Fact]
    public void Conditions_print_as_written()
    {
        var local = 3;
        Assert.Equal("_retries > 0 && !_dryRun", ExpressionText.Of((Expression<Func<bool>>)(() => _retries > 0 && !_dryRun)));
        Assert.Equal("(_retries + 1) * 2 == local", ExpressionText.Of((Expression<Func<bool>>)(() => (_retries + 1) * 2 == local)));
        Assert.Equal("_services.Contains(\"api\") || _retries >= 2", ExpressionText.Of((Expression<Func<bool>>)(() => _services.Contains("api") || _retries >= 2)));
    }
}
