using Deployer.Aws;
using Deployer.Aws.Rds;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The RDS client against a real moto server: instances, snapshots, and what is not there.</summary>
[Collection(MotoCollection.Name)]
public sealed class RdsApiClientTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);

    public void Dispose() => _clients.Dispose();

    /// <summary>A PostgreSQL instance, created with a raw call (CreateDBInstance is not in the port); optionally in an Aurora cluster.</summary>
    internal static async Task<string> InstanceAsync(AwsClients clients, string? auroraCluster = null)
    {
        var raw = clients.QueryClient(AwsService.Rds);
        var name = EcrApiClientTests.Name("db");
        if (auroraCluster is not null)
        {
            await raw.SendAsync("CreateDBCluster", [new("DBClusterIdentifier", auroraCluster), new("Engine", "aurora-postgresql"),
                new("MasterUsername", "app"), new("MasterUserPassword", "moto-password-1")], CancellationToken.None);
            await raw.SendAsync("CreateDBInstance", [new("DBInstanceIdentifier", name), new("DBInstanceClass", "db.r6g.large"),
                new("Engine", "aurora-postgresql"), new("DBClusterIdentifier", auroraCluster)], CancellationToken.None);
            return name;
        }
        await raw.SendAsync("CreateDBInstance", [new("DBInstanceIdentifier", name), new("DBInstanceClass", "db.t4g.micro"), new("Engine", "postgres"),
            new("MasterUsername", "app"), new("MasterUserPassword", "moto-password-1"), new("AllocatedStorage", "20")], CancellationToken.None);
        return name;
    }

    [Fact]
    public async Task An_instance_is_described_with_its_status_and_engine()
    {
        var name = await InstanceAsync(_clients);

        var instance = await _clients.Rds.DescribeDbInstanceAsync(name, CancellationToken.None);

        Assert.NotNull(instance);
        Assert.Equal((name, "available", "postgres", null), (instance.Identifier, instance.Status, instance.Engine, instance.ClusterIdentifier));
        Assert.Equal($"arn:aws:rds:{MotoServer.Region}:{MotoServer.AccountId}:db:{name}", instance.Arn);
    }

    [Fact]
    public async Task An_Aurora_instance_names_its_cluster()
    {
        var cluster = EcrApiClientTests.Name("aurora");
        var name = await InstanceAsync(_clients, cluster);

        Assert.Equal(cluster, (await _clients.Rds.DescribeDbInstanceAsync(name, CancellationToken.None))!.ClusterIdentifier);
    }

    [Fact]
    public async Task A_snapshot_is_created_with_its_tags_and_described_by_its_identifier()
    {
        var name = await InstanceAsync(_clients);
        var snapshotId = $"{name}-20250101-120000";

        var created = await _clients.Rds.CreateDbSnapshotAsync(snapshotId, name, [new("deployer:app", "shop"), new("deployer:git-sha", "5e1ec7ed")], CancellationToken.None);
        var described = await _clients.Rds.DescribeDbSnapshotAsync(snapshotId, CancellationToken.None);

        Assert.Equal((snapshotId, name), (created.Identifier, created.InstanceIdentifier));
        Assert.Equal($"arn:aws:rds:{MotoServer.Region}:{MotoServer.AccountId}:snapshot:{snapshotId}", created.Arn);
        Assert.NotNull(created.CreatedAt);
        Assert.Equal(created with { PercentProgress = described!.PercentProgress }, described);
        var tags = await _clients.QueryClient(AwsService.Rds).SendAsync("ListTagsForResource", [new("ResourceName", created.Arn!)], CancellationToken.None);
        Assert.Equal(["deployer:app=shop", "deployer:git-sha=5e1ec7ed"],
            tags.Descendants().Where(e => e.Name.LocalName == "Tag")
                .Select(t => $"{t.Elements().First(e => e.Name.LocalName == "Key").Value}={t.Elements().First(e => e.Name.LocalName == "Value").Value}"));
    }

    [Fact]
    public async Task What_does_not_exist_is_null_and_a_snapshot_of_it_is_a_service_error()
    {
        Assert.Null(await _clients.Rds.DescribeDbInstanceAsync("no-such-instance", CancellationToken.None));
        Assert.Null(await _clients.Rds.DescribeDbSnapshotAsync("no-such-snapshot", CancellationToken.None));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _clients.Rds.CreateDbSnapshotAsync("s-20250101-120000", "no-such-instance", [], CancellationToken.None));

        Assert.Equal(("DBInstanceNotFound", 404), (error.Code, error.HttpStatus));
    }
}
