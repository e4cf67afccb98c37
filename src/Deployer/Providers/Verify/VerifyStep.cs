using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Verify;

public sealed record VerifyStep(string Id, IReadOnlyList<string> DependsOn, IReadOnlyList<VerifySpec> Checks) : Step(Id, DependsOn)
{
    public override string Provider => VerifyModule.Id;
    public override string Summary => $"verify {Checks.Count} public URL(s)";
    public override IEnumerable<(string, string)> Details() =>
        Checks.Select(c => (c.Name, $"GET {c.Url} → {c.ExpectStatus}" + (c.Contains is null ? "" : $" containing \"{c.Contains}\"") + $" within {c.TimeoutSeconds}s"));
}
