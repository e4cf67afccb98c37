using Deployer.Execution;

namespace Deployer.Providers.Snapshots;

/// <summary>The snapshot a release took before migrating (the snapshot is null when it could not be started).</summary>
public sealed record SnapshotTaken(string Instance, string? Snapshot = null, string? SnapshotArn = null) : StepOutput;
