using Deployer.Aws;

namespace Deployer.Tests.Aws;

public sealed class AwsEnvironmentTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("deployer-aws-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static Dictionary<string, string> Env(string pairs) =>
        pairs.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private string WriteProfiles(string config, string credentials = "")
    {
        Directory.CreateDirectory(Path.Combine(_home, ".aws"));
        File.WriteAllText(Path.Combine(_home, ".aws", "config"), config);
        File.WriteAllText(Path.Combine(_home, ".aws", "credentials"), credentials);
        return Path.Combine(_home, ".aws", "credentials");
    }

    [Theory]
    [InlineData("eu-west-3", "AWS_REGION=us-east-1;AWS_DEFAULT_REGION=us-west-2", "eu-west-3")]
    [InlineData(null, "AWS_REGION=us-east-1;AWS_DEFAULT_REGION=us-west-2", "us-east-1")]
    [InlineData(null, "AWS_DEFAULT_REGION=us-west-2", "us-west-2")]
    [InlineData(null, "AWS_REGION= ;AWS_DEFAULT_REGION=us-west-2", "us-west-2")]
    [InlineData(null, "", null)]
    public void The_region_comes_from_the_description_then_AWS_REGION_then_AWS_DEFAULT_REGION(string? explicitRegion, string environment, string? expected)
    {
        var env = Env(environment);
        Assert.Equal(expected, AwsEnvironment.ResolveRegion(env, explicitRegion, SharedProfiles.From(env)));
    }

    [Fact]
    public void The_region_falls_back_to_the_selected_profile()
    {
        WriteProfiles("[default]\nregion = ap-southeast-2\n[profile staging]\nregion = eu-central-1\n");

        var byDefault = Env($"HOME={_home}");
        var named = Env($"HOME={_home};AWS_PROFILE=staging");
        var overridden = Env($"HOME={_home};AWS_PROFILE=staging;AWS_DEFAULT_REGION=us-west-1");

        Assert.Equal("ap-southeast-2", AwsEnvironment.ResolveRegion(byDefault, null, SharedProfiles.From(byDefault)));
        Assert.Equal("eu-central-1", AwsEnvironment.ResolveRegion(named, null, SharedProfiles.From(named)));
        Assert.Equal("us-west-1", AwsEnvironment.ResolveRegion(overridden, null, SharedProfiles.From(overridden)));
    }

    [Theory]
    [InlineData("", "ECS", "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData("", "ECR", "https://api.ecr.eu-west-1.amazonaws.com/")]
    [InlineData("", "Secrets Manager", "https://secretsmanager.eu-west-1.amazonaws.com/")]
    [InlineData("", "STS", "https://sts.eu-west-1.amazonaws.com/")]
    [InlineData("AWS_ENDPOINT_URL=http://localhost:4566", "ECR", "http://localhost:4566/")]
    [InlineData("AWS_ENDPOINT_URL=http://localhost:4566;AWS_ENDPOINT_URL_ECS=http://127.0.0.1:9000", "ECS", "http://127.0.0.1:9000/")]
    [InlineData("AWS_ENDPOINT_URL=http://localhost:4566;AWS_ENDPOINT_URL_ECS=http://127.0.0.1:9000", "ECR", "http://localhost:4566/")]
    [InlineData("AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:9001", "Secrets Manager", "http://127.0.0.1:9001/")]
    [InlineData("AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:9001", "ECS", "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData("AWS_ENDPOINT_URL_STS=https://sts.internal:8443", "STS", "https://sts.internal:8443/")]
    [InlineData("", "Application Auto Scaling", "https://application-autoscaling.eu-west-1.amazonaws.com/")]
    [InlineData("AWS_ENDPOINT_URL=http://localhost:4566;AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING=http://127.0.0.1:9002", "Application Auto Scaling", "http://127.0.0.1:9002/")]
    [InlineData("AWS_ENDPOINT_URLS=http://ignored:1", "ECS", "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData("AWS_ENDPOINT_URL=http://localhost:4566;AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", "ECS", "https://ecs.eu-west-1.amazonaws.com/")]
    public void Endpoints_follow_the_SDK_variables(string environment, string serviceId, string expected)
    {
        var service = new[] { AwsService.Ecs, AwsService.Ecr, AwsService.SecretsManager, AwsService.Sts, AwsService.ApplicationAutoScaling }.Single(s => s.ServiceId == serviceId);
        var settings = AwsEnvironment.Resolve(Env("AWS_ACCESS_KEY_ID=AKID;AWS_SECRET_ACCESS_KEY=s;" + environment), "eu-west-1");

        Assert.Equal(new Uri(expected), settings.EndpointFor(service));
    }

    [Fact]
    public void China_regions_use_the_China_DNS_suffix() =>
        Assert.Equal(new Uri("https://api.ecr.cn-north-1.amazonaws.com.cn/"), AwsService.Ecr.DefaultEndpoint("cn-north-1"));

    [Fact]
    public void Every_problem_is_reported_at_once_with_the_variable_that_causes_it()
    {
        var error = Assert.Throws<AwsConfigurationException>(() =>
            AwsEnvironment.Resolve(Env("AWS_ACCESS_KEY_ID=AKID;AWS_SECRET_ACCESS_KEY=s;AWS_ENDPOINT_URL=localhost:4566;AWS_ENDPOINT_URL_ECS=ftp://x")));

        Assert.Contains("No AWS region", error.Message);
        Assert.Contains("AWS_ENDPOINT_URL is not an http(s) URL: 'localhost:4566'", error.Message);
        Assert.Contains("AWS_ENDPOINT_URL_ECS is not an http(s) URL", error.Message);
    }

    [Fact]
    public void Static_keys_from_the_environment_win_and_keep_the_secret_key_hidden()
    {
        File.WriteAllText(Path.Combine(_home, "token"), "oidc");
        var env = Env($"AWS_ACCESS_KEY_ID=AKIDSTATIC;AWS_SECRET_ACCESS_KEY=very-secret-key;AWS_SESSION_TOKEN=session-token-value;AWS_WEB_IDENTITY_TOKEN_FILE={_home}/token;AWS_ROLE_ARN=arn:aws:iam::1:role/r");

        var source = Assert.IsType<AwsCredentialSource.StaticKeys>(AwsEnvironment.ResolveCredentials(env, SharedProfiles.From(env), out _));

        Assert.Equal("AKIDSTATIC", source.AccessKeyId);
        Assert.Equal("very-secret-key", source.SecretAccessKey.Reveal());
        Assert.Equal("session-token-value", source.SessionToken!.Reveal());
        Assert.DoesNotContain("very-secret-key", source.ToString());
        Assert.DoesNotContain("session-token-value", source.ToString());
    }

    [Fact]
    public void Web_identity_comes_before_profiles()
    {
        WriteProfiles("", "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = p\n");
        var env = Env($"HOME={_home};AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/token;AWS_ROLE_ARN=arn:aws:iam::123456789012:role/deploy");

        var source = AwsEnvironment.ResolveCredentials(env, SharedProfiles.From(env), out _);

        Assert.Equal(new AwsCredentialSource.WebIdentity("/var/run/token", "arn:aws:iam::123456789012:role/deploy", "deployer"), source);
    }

    [Fact]
    public void A_profile_with_credentials_is_used_when_the_environment_has_no_keys()
    {
        var credentialsFile = WriteProfiles("[profile ci]\nregion = eu-west-1\n", "[ci]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = p\n");

        var byHome = Env($"HOME={_home};AWS_PROFILE=ci");
        var byFile = Env($"AWS_SHARED_CREDENTIALS_FILE={credentialsFile};AWS_PROFILE=ci");

        Assert.Equal(new AwsCredentialSource.Profile("ci", credentialsFile), AwsEnvironment.ResolveCredentials(byHome, SharedProfiles.From(byHome), out _));
        Assert.Equal(new AwsCredentialSource.Profile("ci", credentialsFile), AwsEnvironment.ResolveCredentials(byFile, SharedProfiles.From(byFile), out _));
    }

    [Fact]
    public void Container_credentials_are_the_last_resort()
    {
        var env = Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/abc");
        Assert.IsType<AwsCredentialSource.Container>(AwsEnvironment.ResolveCredentials(env, SharedProfiles.From(env), out _));
    }

    [Fact]
    public void Container_credentials_the_process_cannot_reach_are_reported_as_missing_credentials()
    {
        // The SDK's container provider reads its variables from the process; here only the injected environment has them.
        Assert.Null(Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
        Assert.Null(Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        var env = Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/abc;AWS_REGION=eu-west-1");

        var error = Assert.Throws<AwsCredentialsMissingException>(() => AwsClients.FromEnvironment(env, null, TimeProvider.System));

        Assert.Contains("container credentials endpoint cannot be used", error.Message);
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID=AKID", "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")]
    [InlineData("AWS_SECRET_ACCESS_KEY=x", "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")]
    [InlineData("AWS_PROFILE=prod", "AWS_PROFILE is 'prod' but no shared credentials file")]
    [InlineData("", "neither HOME nor AWS_SHARED_CREDENTIALS_FILE is set")]
    public void Missing_credentials_say_why(string environment, string reason)
    {
        var env = Env(environment);
        Assert.Null(AwsEnvironment.ResolveCredentials(env, SharedProfiles.From(env), out var missing));
        Assert.Contains(reason, missing);
    }

    [Fact]
    public void Missing_credentials_tell_how_to_provide_them_in_a_workflow()
    {
        // Empty profile files: the whole chain finds nothing, and nothing outside the injected environment is read.
        WriteProfiles("", "");
        var env = Env($"AWS_SHARED_CREDENTIALS_FILE={_home}/.aws/credentials;AWS_CONFIG_FILE={_home}/.aws/config");

        var error = Assert.Throws<AwsCredentialsMissingException>(() => AwsEnvironment.Resolve(env, "eu-west-1"));

        Assert.Contains($"profile 'default' has no credentials in {_home}/.aws/credentials", error.Message);
        Assert.Contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", error.Message);
        Assert.Contains("AWS_PROFILE", error.Message);
        Assert.Contains("permissions: id-token: write", error.Message);
        Assert.Contains("Deployer assumes the environment's `aws.role`", error.Message);
    }

    [Fact]
    public void An_empty_environment_reports_the_missing_region_with_the_missing_credentials()
    {
        var error = Assert.Throws<AwsCredentialsMissingException>(() => AwsEnvironment.Resolve(new Dictionary<string, string>()));

        Assert.Contains("No AWS credentials", error.Message);
        Assert.Contains("No AWS region", error.Message);
    }

    [Fact]
    public void Settings_are_changed_with_with_and_the_original_stays()
    {
        var settings = AwsEnvironment.Resolve(Env("AWS_ACCESS_KEY_ID=AKID;AWS_SECRET_ACCESS_KEY=s;AWS_REGION=us-east-1"));
        var faster = settings with { Retry = settings.Retry with { MaxAttempts = 2 } };

        Assert.Equal(5, settings.Retry.MaxAttempts);
        Assert.Equal(2, faster.Retry.MaxAttempts);
    }
}
