namespace Deployer.Aws.Rds;

/// <summary>The fields of a DB instance that a snapshot needs (DescribeDBInstances).</summary>
/// <param name="Status">DBInstanceStatus: available, backing-up, modifying, stopped, …</param>
/// <param name="ClusterIdentifier">Set for Aurora instances, whose snapshots are cluster snapshots.</param>
public sealed record DbInstance(string Identifier, string Status, string? Engine, string? EngineVersion, string? ClusterIdentifier, string? Arn);

/// <summary>The fields of a DB snapshot that waiting for it needs (CreateDBSnapshot, DescribeDBSnapshots).</summary>
/// <param name="Status">creating, available, failed, …</param>
/// <param name="PercentProgress">0–100 while creating; not always reported.</param>
public sealed record DbSnapshot(string Identifier, string InstanceIdentifier, string Status, int? PercentProgress, string? Arn, DateTimeOffset? CreatedAt);

/// <summary>A resource tag.</summary>
public sealed record RdsTag(string Key, string Value);
