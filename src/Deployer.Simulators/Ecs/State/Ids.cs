using System.Security.Cryptography;
using System.Text;

namespace Deployer.Simulators.Ecs.State;

/// <summary>Identifiers and ARNs in the formats ECS uses.</summary>
internal sealed class Ids(string region, string account)
{
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private readonly string _prefix = $"arn:aws:ecs:{region}:{account}:";

    public string Region { get; } = region;
    public string Account { get; } = account;

    public string Cluster(string name) => $"{_prefix}cluster/{name}";
    public string Service(string cluster, string name) => $"{_prefix}service/{cluster}/{name}";
    public string TaskDefinition(string family, int revision) => $"{_prefix}task-definition/{family}:{revision}";
    public string Task(string cluster, string id) => $"{_prefix}task/{cluster}/{id}";
    public string Container(string cluster, string taskId) => $"{_prefix}container/{cluster}/{taskId}/{Guid.NewGuid()}";
    public string ServiceDeployment(string cluster, string service, string id) => $"{_prefix}service-deployment/{cluster}/{service}/{id}";
    public string ServiceRevision(string cluster, string service) => $"{_prefix}service-revision/{cluster}/{service}/{Digits(19)}";
    public string CreatedBy => $"arn:aws:iam::{Account}:root";

    /// <summary>service.deployments[].id: <c>ecs-svc/</c> and 19 digits.</summary>
    public static string DeploymentId() => "ecs-svc/" + Digits(19);

    /// <summary>Service deployment ids look like <c>r9i43YFjvgF_xlg7m2eJ1r</c>.</summary>
    public static string ServiceDeploymentId() => new(Enumerable.Range(0, 22).Select(_ => Base64Url[RandomNumberGenerator.GetInt32(Base64Url.Length)]).ToArray());

    /// <summary>Task ids are 32 lowercase hex digits.</summary>
    public static string TaskId() => Guid.NewGuid().ToString("N");

    public static string RuntimeId(string taskId) => $"{taskId}-{RandomNumberGenerator.GetInt32(1_000_000_000, int.MaxValue)}";

    /// <summary>A stable fake digest per image reference.</summary>
    public static string ImageDigest(string image) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)));

    /// <summary>The last path segment of an ARN (or the value itself when it is a plain name or id).</summary>
    public static string LastSegment(string nameOrArn) => nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;

    /// <summary>The cluster named in a service or task ARN of the long format (…:service/cluster/name), if any.</summary>
    public static string? ClusterOf(string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal)) return null;
        var parts = arn[(arn.LastIndexOf(':') + 1)..].Split('/');
        return parts.Length >= 3 ? parts[1] : null;
    }

    private static string Digits(int count)
    {
        var builder = new StringBuilder(count);
        builder.Append((char)('1' + RandomNumberGenerator.GetInt32(9)));
        while (builder.Length < count) builder.Append((char)('0' + RandomNumberGenerator.GetInt32(10)));
        return builder.ToString();
    }
}
