using Deployer.Aws;
using Deployer.Aws.CloudFormation;

namespace Deployer.Tests.Providers.Sam;

/// <summary>
/// A narrow fake of <see cref="ICloudFormationApi"/> for what moto cannot do (it executes change sets at once and never
/// rolls back): the stack walks through a scripted list of statuses, one per DescribeStacks, with the events each brings.
/// </summary>
public sealed class ScriptedCloudFormation(string stack, string? initialStatus) : ICloudFormationApi
{
    private readonly Queue<(string Status, StackEvent[] Events)> _script = new();
    private readonly List<StackEvent> _events = [];
    private string? _status = initialStatus;
    private int _next;

    public List<string> Calls { get; } = [];

    /// <summary>The change set's status and reason once computed.</summary>
    public (string Status, string? Reason) ChangeSet { get; set; } = ("CREATE_COMPLETE", null);

    /// <summary>After ExecuteChangeSet (or CancelUpdateStack, DeleteStack), each DescribeStacks moves the stack to the next scripted status.</summary>
    public ScriptedCloudFormation Then(string status, params (string LogicalId, string Type, string Status, string? Reason)[] events)
    {
        _script.Enqueue((status, events.Select(e => new StackEvent($"e{++_next}", DateTimeOffset.UnixEpoch.AddSeconds(_next), e.LogicalId, e.Type, e.Status, e.Reason)).ToArray()));
        return this;
    }

    /// <summary>DescribeStacks calls, once the stack moves, that fail with a transient error before the script goes on.</summary>
    public int Throttles { get; set; }

    public Task<string> CreateChangeSetAsync(ChangeSetRequest request, CancellationToken cancellationToken)
    {
        Calls.Add($"CreateChangeSet {request.Type}");
        return Task.FromResult("arn:aws:cloudformation:us-east-1:123456789012:changeSet/deployer/1");
    }

    public Task<ChangeSetDescription> DescribeChangeSetAsync(string changeSetId, CancellationToken cancellationToken) =>
        Task.FromResult(new ChangeSetDescription(changeSetId, ChangeSet.Status, ChangeSet.Reason, "AVAILABLE",
            [new ResourceChange("Modify", "NotesFunction", "AWS::Lambda::Function", "False")]));

    public Task ExecuteChangeSetAsync(string changeSetId, CancellationToken cancellationToken) => Record("ExecuteChangeSet");

    public Task DeleteChangeSetAsync(string changeSetId, CancellationToken cancellationToken) => Record("DeleteChangeSet");

    public Task<StackDescription?> DescribeStackAsync(string name, CancellationToken cancellationToken)
    {
        var moving = _status?.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) == true && _status != "REVIEW_IN_PROGRESS"
                     || Calls.Any(c => c is "ExecuteChangeSet" or "CancelUpdateStack" or "DeleteStack");
        if (moving && Throttles > 0)
        {
            Throttles--;
            throw new AwsServiceException("CloudFormation", "DescribeStacks", "Throttling", "Rate exceeded", 400, "r1");
        }
        if (moving && _script.TryDequeue(out var next))
        {
            _status = next.Status;
            _events.InsertRange(0, next.Events.Reverse());
        }
        return Task.FromResult(_status is null ? null : new StackDescription($"arn:stack/{stack}", stack, _status, null, new Dictionary<string, string> { ["ApiUrl"] = "https://api.example" }));
    }

    public Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StackEvent>>(_events.ToArray());

    public Task<string> GetTemplateAsync(string name, CancellationToken cancellationToken) => Task.FromResult("Resources: {}");

    public Task CancelUpdateStackAsync(string name, CancellationToken cancellationToken) => Record("CancelUpdateStack");

    public Task DeleteStackAsync(string name, CancellationToken cancellationToken) => Record("DeleteStack");

    private Task Record(string call)
    {
        Calls.Add(call);
        return Task.CompletedTask;
    }
}
