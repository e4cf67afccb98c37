using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Deployer.Aws;
using Deployer.Aws.Roles;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Aws.Roles;

/// <summary>
/// The description's aws.role is the identity of the run whatever credentials it starts with, against a moto that
/// enforces IAM: the CI user alone may not touch ECS or S3, so a request signed with anything but the role fails.
/// </summary>
public sealed class RoleAssumptionTests(IamMoto iam) : IClassFixture<IamMoto>
{
    private static RoleRequest Request(string role) => new(role, "environments.staging.aws.role", RoleSessionName.For("shop", "staging", "4711-1"));

    [Fact]
    public async Task Keys_of_another_identity_assume_the_role_and_every_ecs_and_s3_request_is_signed_as_the_role()
    {
        using var aws = await AwsClients.ConnectAsync(iam.Environment(), null, Request(IamMoto.DeployRole), TimeProvider.System, null, CancellationToken.None);

        var clusters = await aws.JsonClient(AwsService.Ecs).SendAsync("ListClusters", new JsonObject(), CancellationToken.None);
        var bucket = "roles-" + Guid.NewGuid().ToString("N")[..12];
        await aws.S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var buckets = await aws.S3.ListBucketsAsync(new ListBucketsRequest());

        Assert.NotNull(clusters["clusterArns"]);
        Assert.Contains(buckets.Buckets, b => b.BucketName == bucket);
        var assumed = Assert.IsType<AwsCredentialSource.AssumedRole>(aws.Settings.Credentials);
        Assert.Equal("deployer-shop-staging-4711-1", assumed.SessionName);
        Assert.Equal($"role {IamMoto.DeployRole} (session deployer-shop-staging-4711-1) assumed with access key {iam.AccessKeyId} from the environment",
            assumed.Describe());
    }

    [Fact]
    public async Task Without_the_role_the_same_keys_are_refused_by_ecs_so_the_role_is_what_signs()
    {
        using var aws = await AwsClients.ConnectAsync(iam.Environment(), null, null, TimeProvider.System, null, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => aws.JsonClient(AwsService.Ecs).SendAsync("ListClusters", new JsonObject(), CancellationToken.None));

        Assert.Contains("HTTP 403", refused.Message);
    }

    [Fact]
    public async Task Credentials_that_already_are_the_role_are_used_as_they_are_without_another_assume_role()
    {
        var environment = iam.Environment();
        using var sts = new AmazonSecurityTokenServiceClient(iam.AccessKeyId, iam.SecretAccessKey,
            new AmazonSecurityTokenServiceConfig { ServiceURL = iam.Moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region });
        var session = (await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = IamMoto.DeployRole, RoleSessionName = "workflow-step" })).Credentials;
        environment["AWS_ACCESS_KEY_ID"] = session.AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = session.SecretAccessKey;
        environment["AWS_SESSION_TOKEN"] = session.SessionToken;

        using var aws = await AwsClients.ConnectAsync(environment, null, Request(IamMoto.DeployRole), TimeProvider.System, null, CancellationToken.None);
        await aws.JsonClient(AwsService.Ecs).SendAsync("ListClusters", new JsonObject(), CancellationToken.None);

        var keys = Assert.IsType<AwsCredentialSource.StaticKeys>(aws.Settings.Credentials);
        Assert.Equal(session.AccessKeyId, keys.AccessKeyId);
    }

    [Fact]
    public async Task A_refused_assume_role_is_one_line_naming_the_config_path_the_role_and_the_identity_used()
    {
        var error = await Assert.ThrowsAsync<AwsRoleException>(() =>
            AwsClients.ConnectAsync(iam.Environment(), null, Request(IamMoto.AdminRole), TimeProvider.System, null, CancellationToken.None));

        Assert.StartsWith($"environments.staging.aws.role {IamMoto.AdminRole} cannot be used by {IamMoto.User} " +
                          $"(access key {iam.AccessKeyId} from the environment): sts:AssumeRole was refused (AccessDenied", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(iam.SecretAccessKey, error.Message);
    }

    [Fact]
    public async Task Keys_sts_does_not_know_are_refused_before_any_assume_role_naming_the_role()
    {
        var environment = iam.Environment();
        environment["AWS_ACCESS_KEY_ID"] = "AKIAUNKNOWNKEY000000";

        var error = await Assert.ThrowsAsync<AwsRoleException>(() =>
            AwsClients.ConnectAsync(environment, null, Request(IamMoto.DeployRole), TimeProvider.System, null, CancellationToken.None));

        Assert.StartsWith($"environments.staging.aws.role {IamMoto.DeployRole} cannot be used with access key AKIAUNKNOWNKEY000000 from the environment: " +
                          "sts:GetCallerIdentity refused these credentials (", error.Message);
        Assert.DoesNotContain(iam.SecretAccessKey, error.Message);
    }

    [Fact]
    public void A_deploy_whose_role_is_refused_exits_2_with_that_line_before_any_step()
    {
        using var surface = new BuildSurface();
        foreach (var (name, value) in iam.Environment()) surface.Environment[name] = value;

        var result = surface.Run("DeployEcs", "--config", "examples/saas/deploy.yml", "--environment", "staging", "--git-sha", new string('a', 40));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the plan cannot run as configured; nothing was changed:", result.All);
        Assert.Contains($"aws: environments.staging.aws.role arn:aws:iam::{MotoServer.AccountId}:role/saas-deploy-staging cannot be used by {IamMoto.User}", result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.DoesNotContain(iam.SecretAccessKey, result.All);
    }
}
