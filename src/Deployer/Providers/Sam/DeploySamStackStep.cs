using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Sam;

public sealed record DeploySamStackStep(string Id, IReadOnlyList<string> DependsOn, SamStackSpec Stack, string Region) : Step(Id, DependsOn)
{
    public override string Provider => SamModule.Id;
    public override string Summary => $"deploy SAM stack '{Stack.Stack}' from {Stack.Template} in {Region}";
    public override IEnumerable<(string, string)> Details()
    {
        foreach (var (key, value) in Stack.Parameters) yield return ($"parameter {key}", value);
        yield return ("capabilities", string.Join(' ', Stack.Capabilities));
        yield return ("no changes", "reported as Unchanged, not as a failure");
    }
}
