namespace Deployer.Aws.CloudFormation;

/// <summary>What CreateChangeSet sends: the packaged template inline, acknowledged capabilities, parameters and tags.</summary>
/// <param name="Type">CREATE for a stack that does not exist yet, else UPDATE.</param>
public sealed record ChangeSetRequest(
    string StackName, string ChangeSetName, string Type, string TemplateBody,
    IReadOnlyList<string> Capabilities, IReadOnlyList<KeyValuePair<string, string>> Parameters, IReadOnlyList<KeyValuePair<string, string>> Tags);

/// <summary>A change set as DescribeChangeSet reports it.</summary>
/// <param name="Status">CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, FAILED, …</param>
/// <param name="ExecutionStatus">UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, …</param>
public sealed record ChangeSetDescription(string Id, string Status, string? StatusReason, string? ExecutionStatus, IReadOnlyList<ResourceChange> Changes);

/// <summary>One resource change: Add, Modify, Remove, …; Replacement True, False or Conditional (Modify only).</summary>
public sealed record ResourceChange(string Action, string LogicalId, string ResourceType, string? Replacement);

/// <summary>A stack as DescribeStacks reports it.</summary>
public sealed record StackDescription(string StackId, string Name, string Status, string? StatusReason, IReadOnlyDictionary<string, string> Outputs)
{
    /// <summary>The parameters the stack was last deployed with (NoEcho ones come back masked as <c>****</c>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>One stack event.</summary>
public sealed record StackEvent(string EventId, DateTimeOffset Timestamp, string LogicalId, string ResourceType, string Status, string? Reason);
