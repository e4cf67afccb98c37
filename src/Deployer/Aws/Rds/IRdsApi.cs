namespace Deployer.Aws.Rds;

/// <summary>The RDS operations Deployer uses, and no others (query protocol, version 2014-10-31).</summary>
public interface IRdsApi
{
    /// <summary>DescribeDBInstances for one instance; null when it does not exist (DBInstanceNotFound).</summary>
    Task<DbInstance?> DescribeDbInstanceAsync(string instance, CancellationToken cancellationToken);

    /// <summary>CreateDBSnapshot (a manual snapshot); returns it as created, usually still <c>creating</c>.</summary>
    Task<DbSnapshot> CreateDbSnapshotAsync(string snapshot, string instance, IReadOnlyList<RdsTag> tags, CancellationToken cancellationToken);

    /// <summary>DescribeDBSnapshots for one snapshot; null when it does not exist (DBSnapshotNotFound).</summary>
    Task<DbSnapshot?> DescribeDbSnapshotAsync(string snapshot, CancellationToken cancellationToken);
}
