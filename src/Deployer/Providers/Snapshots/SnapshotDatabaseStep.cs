using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Snapshots;

public sealed record SnapshotDatabaseStep(string Id, IReadOnlyList<string> DependsOn, string Instance) : Step(Id, DependsOn)
{
    public override string Provider => SnapshotsModule.Id;
    public override string Summary => $"snapshot RDS instance '{Instance}' and wait until it is available";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("gate", "the migration runs only once the snapshot is available; a failed snapshot stops the release");
        yield return ("kept", "a manual snapshot tagged with the app, environment and commit; Deployer never deletes it");
    }
}
