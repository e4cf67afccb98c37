using Deployer.Config;

namespace Deployer.Providers.Ecs;

/// <summary>What a service's 'smoke' section must satisfy, each error at its config path.</summary>
public static class SmokeRules
{
    public static void Check(EcsServiceSpec service, string servicePath, DescriptionCheck check)
    {
        if (service.Smoke is not { } smoke) return;
        var path = $"{servicePath}.smoke";
        if (service.Strategy == EcsStrategy.Rolling)
            check.Report(path, "smoke tests run on the test listener, which only blueGreen, canary and linear deployments have: set 'strategy'");
        if (smoke.TestUrl is { } url) check.Url(url, $"{path}.testUrl");
        if (smoke.Requests is < 1 or > 100) check.Report($"{path}.requests", $"must be between 1 and 100, not {smoke.Requests}");
        if (smoke.TimeoutMinutes is < 1 or > 20160) check.Report($"{path}.timeoutMinutes", $"must be between 1 and 20160 (ECS's hook timeout), not {smoke.TimeoutMinutes}");
        if (smoke.Checks.Count == 0) check.Report($"{path}.checks", "needs at least one check");
        for (var i = 0; i < smoke.Checks.Count; i++)
        {
            var item = smoke.Checks[i];
            var itemPath = ConfigPath.Index($"{path}.checks", i);
            if (item.Path is not ['/', ..]) check.Report($"{itemPath}.path", $"'{item.Path}' must start with '/': it is a path on the test listener");
            if (item.ExpectStatus is < 100 or > 599) check.Report($"{itemPath}.expectStatus", $"{item.ExpectStatus} is not an HTTP status (100 to 599)");
            if (item.MaxLatencyMs is < 1) check.Report($"{itemPath}.maxLatencyMs", $"must be at least 1, not {item.MaxLatencyMs}");
        }
        check.Duplicates(smoke.Checks.Select(c => c.Name).OfType<string>(), $"{path}.checks", "smoke check");
    }
}
