namespace Deployer.Planning;

/// <summary>The ids of steps other steps look up by name; the planner and the handlers that read their results share them.</summary>
public static class StepIds
{
    public static string BuildImage(string image) => $"build-image:{image}";

    public static string PushImage(string image) => $"push-image:{image}";

    public static string PromoteImage(string image) => $"promote-image:{image}";
}
