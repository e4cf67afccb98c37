using System.Text.RegularExpressions;

namespace Deployer.Config;

/// <summary>
/// Names and numbers checked against what their target accepts, so a name like <c>foo; rm -rf /</c> or a negative task
/// count is refused here, with its path, instead of by AWS halfway through a release.
/// </summary>
internal static partial class DescriptionRules
{
    private static void CheckNames(DeployDescription d, Action<string, string> report)
    {
        if (d.App is { } app && !RepositoryPart().IsMatch(app))
            report("app", $"'{app}' is not a valid app name: it prefixes registry repositories, so lower-case letters, digits and single '.', '_' or '-' between them");
        foreach (var (name, image) in d.Images)
        {
            var path = ConfigPath.Key("images", name);
            if (!RepositoryPart().IsMatch(name))
                report(path, $"'{name}' is not a valid image name: lower-case letters, digits and single '.', '_' or '-' between them (it names a registry repository)");
            if (image.Repository is { } repository && (repository.Length is < 2 or > 256 || !Repository().IsMatch(repository)))
                report($"{path}.repository", $"'{repository}' is not a valid repository name: lower-case parts of letters and digits joined by '.', '_' or '-', separated by '/', 2 to 256 characters");
        }
        foreach (var name in d.Environments.Keys.Where(n => !EnvironmentName().IsMatch(n)))
            report(ConfigPath.Key("environments", name), $"'{name}' is not a valid environment name: letters, digits, '.', '_' and '-', starting with a letter or digit, up to 255 characters (it names files and GitHub environments)");
    }

    private static void CheckEcsNames(EnvironmentSpec env, string path, Action<string, string> report)
    {
        if (env.Cluster is { } cluster && !IsCluster(cluster)) report($"{path}.cluster", ClusterMessage(cluster));
        for (var i = 0; i < env.Services.Count; i++)
        {
            var service = env.Services[i];
            var servicePath = ConfigPath.Index($"{path}.services", i);
            if (service.Name is { } name && !EcsName().IsMatch(name))
                report($"{servicePath}.name", $"'{name}' is not a valid ECS service name: letters, digits, '-' and '_', up to 255 characters");
            if (service.Cluster is { } own && !IsCluster(own)) report($"{servicePath}.cluster", ClusterMessage(own));
            if (service.DesiredCount is < 0) report($"{servicePath}.desiredCount", $"must be 0 or more, not {service.DesiredCount}");
            if (service.BakeMinutes is < 0) report($"{servicePath}.bakeMinutes", $"must be 0 or more, not {service.BakeMinutes}");
        }
        for (var h = 0; h < env.HomeServers.Count; h++)
        {
            var host = env.HomeServers[h];
            var hostPath = ConfigPath.Index($"{path}.homeServers", h);
            CheckPort(host.Port, $"{hostPath}.port", report);
            var services = host.Services ?? [];
            for (var s = 0; s < services.Count; s++)
            {
                var servicePath = ConfigPath.Index($"{hostPath}.services", s);
                if (services[s].Name is { } name && !ContainerName().IsMatch(name))
                    report($"{servicePath}.name", $"'{name}' is not a valid container name: letters, digits, '.', '_' and '-', starting with a letter or digit");
                CheckPort(services[s].Port, $"{servicePath}.port", report);
            }
        }
        for (var i = 0; i < env.Verify.Count; i++)
        {
            var verifyPath = ConfigPath.Index($"{path}.verify", i);
            if (env.Verify[i].TimeoutSeconds <= 0) report($"{verifyPath}.timeoutSeconds", $"must be at least 1 second, not {env.Verify[i].TimeoutSeconds}");
            if (env.Verify[i].ExpectStatus is < 100 or > 599) report($"{verifyPath}.expectStatus", $"{env.Verify[i].ExpectStatus} is not an HTTP status (100 to 599)");
        }
    }

    /// <summary>Promotion follows promotesFrom; a chain that comes back to where it started could never have a first release.</summary>
    private static void CheckPromotionCycles(DeployDescription d, Action<string, string> report)
    {
        foreach (var (start, env) in d.Environments)
        {
            var chain = new List<string> { start };
            for (var next = env.PromotesFrom; next is not null && next != start && d.Environments.TryGetValue(next, out var spec); next = spec.PromotesFrom)
            {
                if (chain.Contains(next)) break; // a circle that does not pass through start is reported from its own members
                chain.Add(next);
                if (spec.PromotesFrom == start && chain.Count > 1)
                {
                    report($"{ConfigPath.Key("environments", start)}.promotesFrom",
                        $"environments promote from each other in a circle ({string.Join(" → ", chain)} → {start}); one of them must be deployed, not promoted");
                    break;
                }
            }
        }
    }

    private static void CheckPort(int port, string path, Action<string, string> report)
    {
        if (port is < 1 or > 65535) report(path, $"{port} is not a TCP port (1 to 65535)");
    }

    private static bool IsCluster(string cluster) => EcsName().IsMatch(cluster) || ClusterArn().IsMatch(cluster);

    private static string ClusterMessage(string cluster) =>
        $"'{cluster}' is not a valid ECS cluster name: letters, digits, '-' and '_', up to 255 characters (or a cluster ARN)";

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,255}$")] private static partial Regex EcsName();
    [GeneratedRegex(@"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster/[A-Za-z0-9_-]{1,255}$")] private static partial Regex ClusterArn();
    [GeneratedRegex(@"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")] private static partial Regex RepositoryPart();
    [GeneratedRegex(@"^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$")] private static partial Regex Repository();
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")] private static partial Regex EnvironmentName();
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$")] private static partial Regex ContainerName();
}
