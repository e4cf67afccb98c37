using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Simulators.Vercel;
using Deployer.Tests.Simulators;

namespace Deployer.Tests.Examples;

/// <summary>
/// What every example's release world does the same way: copy the example's app into the test's checkout, create the
/// description's secrets in Secrets Manager, point Deployer at the Vercel simulator, and read the release ledger back.
/// </summary>
public static class ReleaseWorldParts
{
    /// <summary>
    /// Copies an example's folder (its sources, not Python's, cargo's or npm's build output) into the app's checkout,
    /// leaving out the relative paths that start with <paramref name="skip"/>.
    /// </summary>
    public static void CopyDirectory(string from, string to, string? skip = null)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "__pycache__" or ".pytest_cache" or ".venv" or "target" or "node_modules")) continue;
            if (skip is not null && relative.StartsWith(skip, StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>A Secrets Manager secret holding <paramref name="value"/> as its JSON string.</summary>
    public static Task SecretAsync(AwsClients aws, string name, JsonObject value) =>
        aws.JsonClient(AwsService.SecretsManager).SendAsync("CreateSecret", new JsonObject { ["Name"] = name, ["SecretString"] = value.ToJsonString() }, CancellationToken.None);

    /// <summary>A CloudWatch alarm on the load balancer's 5xx answers (more than 10 in a minute), as the examples name them.</summary>
    public static Task LoadBalancer5xxAlarmAsync(AwsClients aws, string name) => aws.QueryClient(AwsService.CloudWatch).SendAsync("PutMetricAlarm", [
        new("AlarmName", name), new("Namespace", "AWS/ApplicationELB"), new("MetricName", "HTTPCode_Target_5XX_Count"), new("Statistic", "Sum"),
        new("Period", "60"), new("EvaluationPeriods", "1"), new("Threshold", "10"), new("ComparisonOperator", "GreaterThanThreshold")], CancellationToken.None);

    /// <summary>Points Deployer's Vercel client at <paramref name="vercel"/>, with the token the simulator accepts.</summary>
    public static void UseVercel(IDictionary<string, string> environment, VercelSimulator vercel, string token)
    {
        environment["DEPLOYER_VERCEL_API_URL"] = vercel.Endpoint.ToString();
        environment["DEPLOYER_VERCEL_DEPLOYMENTS_URL"] = vercel.Endpoint.ToString();
        environment["VERCEL_TOKEN"] = token;
    }

    /// <summary>The release ledger's GitHub deployments as the API answers them (payload included), newest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> LedgerAsync(GitHubTestbed github)
    {
        using var http = new HttpClient { BaseAddress = github.Simulator.Endpoint };
        http.DefaultRequestHeaders.Authorization = new("Bearer", GitHubTestbed.Token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("deployer-tests");
        using var list = JsonDocument.Parse(await http.GetStringAsync("repos/acme/shop/deployments?per_page=100"));
        return [.. list.RootElement.EnumerateArray().Select(d => d.Clone()).OrderByDescending(d => d.GetProperty("id").GetInt64())];
    }
}
