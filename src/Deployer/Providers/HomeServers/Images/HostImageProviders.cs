using Deployer.Providers.Images;
using Deployer.Secrets;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>The ship handler of a run: the local engine (to inspect and save), the run's SSH connections, and the secret reader.</summary>
public static class HostImageProviders
{
    public static async Task AddAsync(ProviderContext context, SshHosts hosts, CancellationToken cancellationToken)
    {
        if (context.DryRun || context.Steps<ShipImageStep>().Count == 0) return;
        var resolver = context.SecretResolver();
        try
        {
            var engine = await ImagesModule.EngineAsync(context, cancellationToken);
            var options = ImagesModule.EngineOptions(context);
            var publisher = new ImagePublisher(engine, new ContainerCommandRunner(_ => { }, context.Secrets));
            var stream = new SshImageStream(async (reference, token) => (await publisher.InspectAsync(reference, token)).Id,
                reference => LocalImageArchive.Save(engine.Name, options, reference));
            context.Add(new HostImageHandler(hosts, resolver.ResolveAsync, stream, context.Request.Log));
        }
        catch (ContainerEngineException e)
        {
            context.Problem("container", e.Message);
        }
    }
}
