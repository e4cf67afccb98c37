using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Ecs;

/// <summary>The container overrides a service's description asks for, resolved at plan time. Pure.</summary>
public static class EcsContainerSettings
{
    /// <summary>
    /// Container name, image reference (the release's tag, or the recorded digest; execution pins a tag by digest),
    /// command, environment and secrets as the <c>valueFrom</c> ARNs ECS receives.
    /// </summary>
    public static ContainerSettings Of(EcsServiceSpec service, ImageRef? image, AwsSpec aws) => new(
        service.Container ?? service.Name,
        service.ImageUri ?? image!.ToString(),
        service.Command,
        service.Environment,
        service.Secrets.ToDictionary(s => s.Key, s => TaskDefinitionTemplate.ValueFrom(s.Value, aws.Region, aws.Account)));
}
