using Deployer.Planning;

partial class Build
{
    Target DeployEcs => _ => _
        .Description("Deploy the ECS Fargate services and wait for their service deployments")
        .After(Migrate, PushImage)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Providers("ecs"), cancellationToken));

    Target DeploySam => _ => _
        .Description("Deploy the SAM / CloudFormation stacks")
        .After(Migrate)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Providers("sam"), cancellationToken));

    Target DeployAmplify => _ => _
        .Description("Deploy build output to Amplify Hosting and check the branch URL")
        .After(Migrate)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Providers("amplify"), cancellationToken));

    Target DeployVercel => _ => _
        .Description("Deploy the Vercel projects and promote them to production")
        .After(Migrate)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Providers("vercel"), cancellationToken));

    Target DeployStaticSite => _ => _
        .Description("Upload static sites to S3 and invalidate CloudFront")
        .After(Migrate)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Providers("staticSites"), cancellationToken));

    Target DeployHomeServer => _ => _
        .Description("Blue/green deploy to the home servers over SSH behind their proxy")
        .After(Migrate, PushImage)
        .Requires(() => Environment)
        .Executes(cancellationToken => RunPlan(null, PlanMode.Release, StepFilter.Providers("homeServers"), cancellationToken));
}
