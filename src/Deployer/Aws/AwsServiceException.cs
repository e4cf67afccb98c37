namespace Deployer.Aws;

/// <summary>
/// An error response from an AWS service, e.g. <c>ECS UpdateService failed: ServiceNotFoundException: Service not found.</c>
/// </summary>
/// <param name="service">Service id, e.g. ECS.</param>
/// <param name="operation">Operation name, e.g. UpdateService.</param>
/// <param name="code">Error code without namespace or suffix, e.g. ServiceNotFoundException.</param>
/// <param name="awsMessage">The service's own message.</param>
/// <param name="httpStatus">HTTP status of the response.</param>
/// <param name="requestId">x-amzn-RequestId, for AWS support.</param>
public sealed class AwsServiceException(string service, string operation, string code, string awsMessage, int httpStatus, string? requestId)
    : Exception($"{service} {operation} failed: {code}: {awsMessage}")
{
    public string Service { get; } = service;
    public string Operation { get; } = operation;
    public string Code { get; } = code;
    public string AwsMessage { get; } = awsMessage;
    public int HttpStatus { get; } = httpStatus;
    public string? RequestId { get; } = requestId;
}
