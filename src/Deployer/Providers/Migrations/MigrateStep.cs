using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Migrations;

public sealed record MigrateStep(string Id, IReadOnlyList<string> DependsOn, MigrationSpec Spec, SecretRef Connection, ImageRef? TaskImage, string? Cluster, string? TaskService) : Step(Id, DependsOn)
{
    public override string Provider => MigrationsModule.Id;
    public override string Summary => Spec.Tool switch
    {
        MigrationTool.Alembic => $"alembic upgrade {Spec.Target ?? "head"} in {Spec.Directory}",
        MigrationTool.EfCore => (Spec.Apply, Spec.Bundle) switch
        {
            (EfCoreApply.DotnetEf, _) => "dotnet ef database update",
            (_, null) => "EF Core migration bundle (built for the run)",
            (_, var bundle) => $"EF Core migration bundle {bundle}",
        } + $"{(Spec.Target is null ? "" : " to " + Spec.Target)} for {Spec.Directory}",
        _ => $"run migration command '{string.Join(' ', Spec.Command)}'",
    } + (Spec.RunOn == MigrationRunner.EcsTask ? $" as an ECS one-off task on cluster {Cluster}" : " on the runner");
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("connection", Spec.RunOn == MigrationRunner.EcsTask
            ? $"{Connection} (read by ECS inside the task, never by Deployer)"
            : $"{Connection} (read at execution, never printed)");
        if (TaskImage is not null) yield return ("image", TaskImage.ToString());
        if (TaskService is not null) yield return ("task", $"task definition and network of service '{TaskService}'");
        if (Spec.RunOn == MigrationRunner.EcsTask)
        {
            yield return ("receives", $"${Spec.ConnectionVariable} as an ECS secret (valueFrom), never as a plain variable");
            yield return ("lock", "one migration task per app and environment; a concurrent run waits for it");
        }
        else
        {
            yield return ("receives", $"${Spec.ConnectionVariable}");
            yield return ("lock", "database advisory lock; a concurrent run waits");
        }
        yield return ("gate", "a failed migration stops the release before any service is touched");
    }
}
