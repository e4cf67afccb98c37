using Deployer.Planning;

partial class Build
{
    Target Migrate => _ => _
        .Description("Snapshot the database when configured, then run the migrations (Alembic, EF Core)")
        .After(PushImage)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Providers("snapshot", "migrations"), cancellationToken));
}
