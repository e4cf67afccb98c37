using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers;

/// <summary>
/// The providers this version ships, in the order their steps are listed within a phase. Adding a provider is a folder
/// under Providers/ and one line here.
/// </summary>
public static class ProviderModules
{
    public static IReadOnlyList<IProviderModule> All { get; } = Checked(
    [
        new Images.ImagesModule(),
        new Snapshots.SnapshotsModule(),
        new Migrations.MigrationsModule(),
        new Ecs.EcsModule(),
        new Sam.SamModule(),
        new Amplify.AmplifyModule(),
        new Vercel.VercelModule(),
        new StaticSites.StaticSitesModule(),
        new HomeServers.HomeServersModule(),
        new Coolify.CoolifyModule(),
        new Verify.VerifyModule(),
    ]);

    /// <summary>Every part of the description beyond its core: the providers, and the sections that are not steps (notifications).</summary>
    public static IReadOnlyList<IDescriptionModule> Description { get; } = [.. All, new Notifications.NotificationsModule()];

    /// <summary>The description sections of every module, for the loader and the JSON Schema.</summary>
    public static DescriptionSections Sections { get; } = new(Description.SelectMany(m => m.Sections));

    /// <summary>Reads deploy.yml with every module's sections and rules.</summary>
    public static DescriptionLoader Loader { get; } = new(Sections, Description);

    /// <summary>Plans a run with every module.</summary>
    public static DeployPlan Plan(DeployDescription description, PlanInputs inputs) =>
        Planner.Plan(description, inputs, All, (d, env) => All.SelectMany(m => m.ImagesUsed(d, env)));

    /// <summary>
    /// The registry's invariants, checked once when it is built: module names are unique, and every step kind belongs to
    /// exactly one module (a step no module claims could never run).
    /// </summary>
    public static IReadOnlyList<IProviderModule> Checked(IReadOnlyList<IProviderModule> modules)
    {
        var problems = new List<string>();
        foreach (var name in modules.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add($"module '{name}' is registered more than once");
        foreach (var kind in modules.SelectMany(m => m.StepKinds.Select(k => (Kind: k, Module: m.Name))).GroupBy(x => x.Kind).Where(g => g.Count() > 1))
            problems.Add($"step kind {kind.Key.Name} is claimed by {string.Join(" and ", kind.Select(x => x.Module))}");
        var claimed = modules.SelectMany(m => m.StepKinds).ToHashSet();
        foreach (var kind in typeof(Step).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Step)) && !t.IsAbstract && !claimed.Contains(t)))
            problems.Add($"step kind {kind.Name} belongs to no module");
        return problems.Count == 0 ? modules : throw new InvalidOperationException("The provider modules are inconsistent: " + string.Join("; ", problems) + ".");
    }
}
