using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>CreateCluster, DescribeClusters.</summary>
internal static class ClusterOperations
{
    public static JsonObject CreateCluster(EcsState state, JsonObject request)
    {
        var name = request.Str("clusterName") ?? "default";
        if (!Validation.IsName(name)) throw EcsError.InvalidParameter("Cluster name can contain up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.");
        if (!state.Clusters.TryGetValue(name, out var cluster) || cluster.Status != "ACTIVE")
        {
            cluster = new ClusterRecord(name, state.Ids.Cluster(name), state.Now)
            {
                Tags = Json.Copy(request.Arr("tags")) ?? [],
                Settings = Json.Copy(request.Arr("settings")) ?? [new JsonObject { ["name"] = "containerInsights", ["value"] = "disabled" }],
                CapacityProviders = Json.Copy(request.Arr("capacityProviders")) ?? [],
                DefaultCapacityProviderStrategy = Json.Copy(request.Arr("defaultCapacityProviderStrategy")) ?? [],
                Configuration = Json.Copy(request.Obj("configuration")),
                ServiceConnectDefaults = Json.Copy(request.Obj("serviceConnectDefaults")),
            };
            state.Clusters[name] = cluster;
        }
        return new JsonObject { ["cluster"] = Render(state, cluster, ["TAGS", "SETTINGS", "CONFIGURATIONS"]) };
    }

    public static JsonObject DescribeClusters(EcsState state, JsonObject request)
    {
        var include = request.StrList("include") ?? [];
        var clusters = new JsonArray();
        var failures = new JsonArray();
        foreach (var reference in request.StrList("clusters") ?? ["default"])
        {
            var name = Ids.LastSegment(reference);
            if (state.Clusters.TryGetValue(name, out var cluster)) clusters.Add(Render(state, cluster, include));
            else failures.Add(new JsonObject { ["arn"] = state.Ids.Cluster(name), ["reason"] = "MISSING" });
        }
        return new JsonObject { ["clusters"] = clusters, ["failures"] = failures };
    }

    private static JsonObject Render(EcsState state, ClusterRecord cluster, IReadOnlyCollection<string> include)
    {
        var tasks = state.Tasks.Where(t => t.Cluster == cluster).ToList();
        var json = new JsonObject
        {
            ["clusterArn"] = cluster.Arn,
            ["clusterName"] = cluster.Name,
            ["status"] = cluster.Status,
            ["registeredContainerInstancesCount"] = 0,
            ["runningTasksCount"] = tasks.Count(t => t.IsRunning),
            ["pendingTasksCount"] = tasks.Count(t => t.IsPending),
            ["activeServicesCount"] = state.Services.Values.Count(s => s.Cluster == cluster && s.Status == "ACTIVE"),
            ["statistics"] = new JsonArray(),
            ["tags"] = include.Contains("TAGS") ? Json.Copy(cluster.Tags) : new JsonArray(),
            ["settings"] = include.Contains("SETTINGS") ? Json.Copy(cluster.Settings) : new JsonArray(),
            ["capacityProviders"] = Json.Copy(cluster.CapacityProviders),
            ["defaultCapacityProviderStrategy"] = Json.Copy(cluster.DefaultCapacityProviderStrategy),
        };
        if (include.Contains("CONFIGURATIONS")) json.With("configuration", Json.Copy(cluster.Configuration));
        json.With("serviceConnectDefaults", Json.Copy(cluster.ServiceConnectDefaults));
        return json;
    }
}
