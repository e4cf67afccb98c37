using Deployer.Planning;

partial class Build
{
    Target DeployStaging => _ => _
        .Description("The whole release to staging: build, push, migrate, deploy every target in parallel, verify")
        .DependsOn(Test)
        .Requires(() => Environment == null || Environment == "staging")
        .Executes(cancellationToken => RunPlan("staging", PlanMode.Release, StepFilter.All, cancellationToken));

    Target DeployProduction => _ => _
        .Description("The whole release to production: build, push, migrate, deploy every target in parallel, verify")
        .DependsOn(Test)
        .Requires(() => Environment == null || Environment == "production")
        .Executes(cancellationToken => RunPlan("production", PlanMode.Release, StepFilter.All, cancellationToken));

    Target Deploy => _ => _
        .Description("The whole release to --environment (any environment, e.g. dev): build, push, migrate, deploy every target in parallel, verify")
        .DependsOn(Test)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.All, cancellationToken));

    Target Promote => _ => _
        .Description("Ship the digests that passed the source environment (promotesFrom) to --environment, default production; no rebuild")
        .Executes(cancellationToken => RunPlan(Environment ?? "production", PlanMode.Promotion, StepFilter.All, cancellationToken));

    Target Rollback => _ => _
        .Description("Return --environment to its last verified release (migrations are not undone)")
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Rollback, StepFilter.All, cancellationToken));
}
