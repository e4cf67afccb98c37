using Deployer.Planning;

partial class Build
{
    Target BuildImage => _ => _
        .Description("Build the images the environment deploys, labelled with the git sha")
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Kinds("BuildImage"), cancellationToken));

    Target PushImage => _ => _
        .Description("Push the images and record their digests (skipped when this sha is already there), then wait for the environment's scan gate")
        .DependsOn(BuildImage)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Kinds("PushImage", "ScanImage"), cancellationToken));
}
