namespace Deployer.Simulators.Ecs.Protocol;

/// <summary>An error answered as awsJson1_1: HTTP status and <c>{"__type": "namespace#Name", "message": "…"}</c>.</summary>
internal sealed class EcsError(int status, string type, string message) : Exception(message)
{
    private const string Ecs = "com.amazonaws.ecs#";

    public int Status { get; } = status;
    /// <summary>The full <c>__type</c>, namespace included; clients keep what follows '#'.</summary>
    public string Type { get; } = type;

    public static EcsError Client(string message) => new(400, Ecs + "ClientException", message);
    public static EcsError InvalidParameter(string message) => new(400, Ecs + "InvalidParameterException", message);
    public static EcsError ClusterNotFound() => new(400, Ecs + "ClusterNotFoundException", "Cluster not found.");
    public static EcsError ServiceNotFound() => new(400, Ecs + "ServiceNotFoundException", "Service not found.");
    public static EcsError ServiceNotActive() => new(400, Ecs + "ServiceNotActiveException", "Service was not ACTIVE.");
    public static EcsError ServiceDeploymentNotFound() =>
        new(400, Ecs + "ServiceDeploymentNotFoundException", "The service deployment does not exist.");
    public static EcsError Conflict(string message) => new(400, Ecs + "ConflictException", message);
    public static EcsError Serialization(string message) => new(400, "com.amazon.coral.service#SerializationException", message);
    public static EcsError UnknownOperation(string message) => new(400, "com.amazon.coral.service#UnknownOperationException", message);
    public static EcsError Throttling() => new(400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded");
    public static EcsError Server(string message) => new(500, Ecs + "ServerException", message);
    public static EcsError AccessDenied(string action) =>
        new(400, "com.amazon.coral.service#AccessDeniedException", $"User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: {action}");

    private const string AutoScaling = "com.amazonaws.applicationautoscaling#";
    /// <summary>Application Auto Scaling's ValidationException (bad parameters, a service that does not exist).</summary>
    public static EcsError Validation(string message) => new(400, AutoScaling + "ValidationException", message);
    public static EcsError ObjectNotFound(string message) => new(400, AutoScaling + "ObjectNotFoundException", message);
}
