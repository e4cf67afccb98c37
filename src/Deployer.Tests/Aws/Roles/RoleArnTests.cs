using Deployer.Aws.Roles;

namespace Deployer.Tests.Aws.Roles;

public sealed class RoleArnTests
{
    private const string Deploy = "arn:aws:iam::123456789012:role/shop-deploy";

    [Theory]
    [InlineData(Deploy, "arn:aws:sts::123456789012:assumed-role/shop-deploy/deployer-shop-staging-1", true)]
    [InlineData("arn:aws:iam::123456789012:role/ci/deployers/shop-deploy", "arn:aws:sts::123456789012:assumed-role/shop-deploy/s", true)]
    [InlineData(Deploy, "arn:aws:sts::210987654321:assumed-role/shop-deploy/s", false)]
    [InlineData(Deploy, "arn:aws:sts::123456789012:assumed-role/shop-deploy-staging/s", false)]
    [InlineData(Deploy, "arn:aws-cn:sts::123456789012:assumed-role/shop-deploy/s", false)]
    [InlineData(Deploy, "arn:aws:iam::123456789012:user/ci", false)]
    [InlineData(Deploy, "arn:aws:iam::123456789012:root", false)]
    [InlineData(Deploy, "arn:aws:sts::123456789012:federated-user/shop-deploy", false)]
    [InlineData("not-an-arn", "arn:aws:sts::123456789012:assumed-role/not-an-arn/s", false)]
    public void The_caller_is_the_role_only_when_partition_account_and_role_name_match(string wanted, string caller, bool same) =>
        Assert.Equal(same, RoleArn.IsSameRole(wanted, caller));
}
