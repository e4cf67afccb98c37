using System.Text.RegularExpressions;

namespace Deployer.Providers.Ecs;

/// <summary>What ECS accepts as a service or cluster name, so a name like <c>foo; rm -rf /</c> is refused at validation, not by AWS mid-release.</summary>
public static partial class EcsNames
{
    public static bool IsName(string name) => Name().IsMatch(name);

    public static bool IsCluster(string cluster) => Name().IsMatch(cluster) || ClusterArn().IsMatch(cluster);

    public static string ClusterMessage(string cluster) =>
        $"'{cluster}' is not a valid ECS cluster name: letters, digits, '-' and '_', up to 255 characters (or a cluster ARN)";

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,255}$")] private static partial Regex Name();
    [GeneratedRegex(@"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster/[A-Za-z0-9_-]{1,255}$")] private static partial Regex ClusterArn();
}
