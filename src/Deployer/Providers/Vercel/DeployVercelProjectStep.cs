using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Vercel;

public sealed record DeployVercelProjectStep(string Id, IReadOnlyList<string> DependsOn, VercelProjectSpec Project) : Step(Id, DependsOn)
{
    public override string Provider => VercelModule.Id;
    public override string Summary => $"deploy {Project.Directory} to Vercel project '{Project.Project}'" +
                                      (Project.Team is null ? "" : $" (team {Project.Team})") +
                                      (Project.Production ? " and promote to production" : " as a preview");
    public override IEnumerable<(string, string)> Details()
    {
        if (Project.Prebuilt) yield return ("prebuilt", ".vercel/output");
        foreach (var alias in Project.Aliases) yield return ("alias", alias);
        foreach (var (key, value) in Project.Env) yield return ($"env {key}", value);
    }
}
