using Deployer.Aws.CloudFormation;

namespace Deployer.Providers.Sam;

/// <summary>A change set once CloudFormation finished computing it: ready to execute, empty, or failed.</summary>
public sealed record PlannedChangeSet(string Id, string Type, ChangeSetDescription Description)
{
    public bool Empty => Description.Status == "FAILED" && StackDecision.IsEmpty(Description.StatusReason);
    public bool Ready => Description.Status == "CREATE_COMPLETE";

    /// <summary>The changes as the dry run and the log print them: action, logical id, type, replacement.</summary>
    public IEnumerable<string> Lines() => Description.Changes.Select(c =>
        $"{c.Action switch { "Add" => "+", "Remove" => "-", _ => "~" }} {c.Action} {c.LogicalId} ({c.ResourceType})" +
        (c.Replacement is { Length: > 0 } replacement && c.Action == "Modify" ? $" replacement: {replacement}" : ""));
}

/// <summary>Plans a stack change as a change set: CREATE for a stack that does not exist yet, else UPDATE; waits until it is computed.</summary>
public sealed class SamChangeSet(ICloudFormationApi cloudFormation, TimeProvider time, StackPolling polling)
{
    /// <summary>CREATE when the stack does not exist, or exists only as the shell an unexecuted CREATE change set left.</summary>
    public static string TypeFor(StackDescription? stack) => stack is null or { Status: "REVIEW_IN_PROGRESS" } ? "CREATE" : "UPDATE";

    /// <summary>A name CloudFormation accepts (a letter, then letters, digits and '-'), unique per second.</summary>
    public string NameNow() => $"deployer-{time.GetUtcNow():yyyyMMddHHmmss}";

    public async Task<PlannedChangeSet> CreateAsync(ChangeSetRequest request, CancellationToken cancellationToken)
    {
        string id;
        try
        {
            id = await cloudFormation.CreateChangeSetAsync(request, cancellationToken);
        }
        catch (Aws.AwsServiceException e) when (e.Code == "ValidationError" && StackDecision.IsEmpty(e.AwsMessage))
        {
            // Some endpoints (moto, and UpdateStack-style validation) refuse an identical update outright instead of failing the change set.
            return new PlannedChangeSet("", request.Type, new ChangeSetDescription("", "FAILED", e.AwsMessage, "UNAVAILABLE", []));
        }
        while (true)
        {
            var description = await cloudFormation.DescribeChangeSetAsync(id, cancellationToken);
            if (description.Status is not ("CREATE_PENDING" or "CREATE_IN_PROGRESS")) return new PlannedChangeSet(id, request.Type, description);
            await Task.Delay(polling.Interval, time, cancellationToken);
        }
    }
}
