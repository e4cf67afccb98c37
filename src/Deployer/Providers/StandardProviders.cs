using Deployer.Aws;
using Deployer.Aws.Roles;
using Deployer.Secrets;

namespace Deployer.Providers;

/// <summary>
/// Builds a run's providers from the registered modules: the modules whose steps are in the plan, with one set of AWS
/// clients for the environment's region, acting as its aws.role, when any of them needs AWS. In a dry run the modules hand out read-only
/// adapters and previewers; without credentials a dry run says that live state was not read.
/// </summary>
public sealed class StandardProviders(IReadOnlyDictionary<string, string> environment, SecretValues secrets, TimeProvider time, ProviderOptions options,
    IReadOnlyList<IProviderModule>? modules = null) : IProviderFactory
{
    private readonly IReadOnlyList<IProviderModule> _modules = modules ?? ProviderModules.All;

    public async Task<ProviderSet> CreateAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var inPlan = request.Plan.Steps.Select(s => s.Provider).ToHashSet(StringComparer.Ordinal);
        var active = _modules.Where(m => m.Available && inPlan.Contains(m.Name)).ToArray();
        if (active.Length == 0) return ProviderSet.Empty;

        AwsClients? aws = null;
        if (active.Any(m => m.NeedsAws(request)))
        {
            var problem = request.DryRun ? "live state not read" : "aws";
            try
            {
                aws = await AwsClients.ConnectAsync(environment, request.Plan.Aws?.Region, RoleRequest.For(request.Plan, environment, time), time, options.AwsTransport, cancellationToken);
            }
            catch (AwsCredentialsMissingException) when (request.DryRun)
            {
                return new ProviderSet([], [], new Dictionary<string, string> { [problem] = "no AWS credentials, so the plan is not compared with what is live" });
            }
            catch (AwsConfigurationException e)
            {
                return new ProviderSet([], [], new Dictionary<string, string> { [problem] = e.Message });
            }
        }

        var context = new ProviderContext(request, environment, secrets, time, options, aws);
        foreach (var module in active) await module.ProvideAsync(context, cancellationToken);
        return context.ToSet();
    }
}
