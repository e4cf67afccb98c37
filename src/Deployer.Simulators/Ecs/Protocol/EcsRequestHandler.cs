using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Engine;
using Deployer.Simulators.Ecs.Operations;
using Deployer.Simulators.Ecs.State;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Ecs.Protocol;

/// <summary>
/// The awsJson1_1 front door: POST / with X-Amz-Target <c>AmazonEC2ContainerServiceV20141113.Operation</c>, or
/// <c>AnyScaleFrontendService.Operation</c> for the Application Auto Scaling targets of the simulated services.
/// Any Authorization header is accepted (SigV4 is not verified). Injected faults answer before the operation runs;
/// every answer is recorded as an <see cref="Exchange"/>.
/// </summary>
internal sealed class EcsRequestHandler(EcsState state, EcsEngine engine)
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    public const string AutoScalingPrefix = "AnyScaleFrontendService.";
    private const string ContentType = "application/x-amz-json-1.1";

    private static readonly Dictionary<string, Func<EcsState, JsonObject, JsonObject>> Operations = new(StringComparer.Ordinal)
    {
        ["CreateCluster"] = ClusterOperations.CreateCluster,
        ["DescribeClusters"] = ClusterOperations.DescribeClusters,
        ["RegisterTaskDefinition"] = TaskDefinitionOperations.Register,
        ["DescribeTaskDefinition"] = TaskDefinitionOperations.Describe,
        ["DeregisterTaskDefinition"] = TaskDefinitionOperations.Deregister,
        ["ListTaskDefinitions"] = TaskDefinitionOperations.List,
        ["CreateService"] = ServiceOperations.Create,
        ["DescribeServices"] = ServiceOperations.Describe,
        ["UpdateService"] = ServiceOperations.Update,
        ["DeleteService"] = ServiceOperations.Delete,
        ["ListServiceDeployments"] = ServiceDeploymentOperations.List,
        ["DescribeServiceDeployments"] = ServiceDeploymentOperations.Describe,
        ["StopServiceDeployment"] = ServiceDeploymentOperations.Stop,
        ["ContinueServiceDeployment"] = ServiceDeploymentOperations.Continue,
        ["DescribeServiceRevisions"] = ServiceDeploymentOperations.DescribeRevisions,
        ["ListTasks"] = TaskOperations.List,
        ["DescribeTasks"] = TaskOperations.Describe,
        ["RunTask"] = TaskOperations.Run,
        ["StopTask"] = TaskOperations.Stop,
    };

    private static readonly Dictionary<string, Func<EcsState, JsonObject, JsonObject>> AutoScalingOperations = new(StringComparer.Ordinal)
    {
        ["RegisterScalableTarget"] = ScalableTargetOperations.Register,
        ["DescribeScalableTargets"] = ScalableTargetOperations.Describe,
        ["DeregisterScalableTarget"] = ScalableTargetOperations.Deregister,
    };

    private readonly List<Exchange> _exchanges = [];

    public IReadOnlyList<Exchange> Exchanges
    {
        get { lock (_exchanges) return _exchanges.ToArray(); }
    }

    public async Task HandleAsync(HttpContext context)
    {
        string requestText;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
            requestText = await reader.ReadToEndAsync(context.RequestAborted);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..]
            : target.StartsWith(AutoScalingPrefix, StringComparison.Ordinal) ? target[AutoScalingPrefix.Length..] : target;

        int status;
        string responseText;
        try
        {
            responseText = Answer(target, operation, requestText).ToJsonString();
            status = 200;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var error = exception as EcsError ?? EcsError.Server($"The simulator failed: {exception}");
            status = error.Status;
            responseText = new JsonObject { ["__type"] = error.Type, ["message"] = error.Message }.ToJsonString();
            context.Response.Headers["x-amzn-ErrorType"] = error.Type[(error.Type.IndexOf('#') + 1)..];
        }

        lock (_exchanges) _exchanges.Add(new Exchange(operation, requestText, responseText, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(responseText, context.RequestAborted);
    }

    private JsonObject Answer(string target, string operation, string requestText)
    {
        if (target.Length == 0) throw EcsError.UnknownOperation("Missing X-Amz-Target header.");
        var operations = target.StartsWith(AutoScalingPrefix, StringComparison.Ordinal) ? AutoScalingOperations
            : target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? Operations : null;
        if (operations is null || !operations.TryGetValue(operation, out var handler))
            throw EcsError.UnknownOperation($"The operation {target} is not supported.");
        switch (state.Faults.Take(operation))
        {
            case InjectedErrorKind.Throttling: throw EcsError.Throttling();
            case InjectedErrorKind.ServerError: throw EcsError.Server("Service Unavailable. Please try again later.");
            case InjectedErrorKind.AccessDenied:
                throw EcsError.AccessDenied((operations == AutoScalingOperations ? "application-autoscaling:" : "ecs:") + operation);
        }
        if (engine.Failure is { } failure) throw EcsError.Server($"The simulator's tick failed: {failure}");

        JsonObject request;
        try
        {
            request = string.IsNullOrWhiteSpace(requestText) ? [] : JsonNode.Parse(requestText) as JsonObject
                ?? throw EcsError.Serialization("The request body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw EcsError.Serialization($"The request body is not valid JSON: {exception.Message}");
        }

        lock (state.Gate) return handler(state, request);
    }
}
