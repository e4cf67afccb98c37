using System.Globalization;
using System.Xml.Linq;

namespace Deployer.Aws.CloudFormation;

/// <summary><see cref="ICloudFormationApi"/> over the query protocol: lists are <c>Name.member.N</c> on the way in, <c>&lt;member&gt;</c> on the way out.</summary>
public sealed class CloudFormationApiClient(AwsQueryClient client) : ICloudFormationApi
{
    public async Task<string> CreateChangeSetAsync(ChangeSetRequest request, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> parameters =
        [
            new("StackName", request.StackName), new("ChangeSetName", request.ChangeSetName),
            new("ChangeSetType", request.Type), new("TemplateBody", request.TemplateBody),
        ];
        for (var i = 0; i < request.Capabilities.Count; i++) parameters.Add(new($"Capabilities.member.{i + 1}", request.Capabilities[i]));
        for (var i = 0; i < request.Parameters.Count; i++)
        {
            parameters.Add(new($"Parameters.member.{i + 1}.ParameterKey", request.Parameters[i].Key));
            parameters.Add(new($"Parameters.member.{i + 1}.ParameterValue", request.Parameters[i].Value));
        }
        for (var i = 0; i < request.Tags.Count; i++)
        {
            parameters.Add(new($"Tags.member.{i + 1}.Key", request.Tags[i].Key));
            parameters.Add(new($"Tags.member.{i + 1}.Value", request.Tags[i].Value));
        }
        var result = await client.SendAsync("CreateChangeSet", parameters, cancellationToken);
        return Text(result, "Id") ?? throw new InvalidDataException("CloudFormation CreateChangeSet returned no Id.");
    }

    public async Task<ChangeSetDescription> DescribeChangeSetAsync(string changeSetId, CancellationToken cancellationToken)
    {
        var changes = new List<ResourceChange>();
        string? token = null;
        while (true)
        {
            List<KeyValuePair<string, string>> parameters = [new("ChangeSetName", changeSetId)];
            if (token is not null) parameters.Add(new("NextToken", token));
            var result = await client.SendAsync("DescribeChangeSet", parameters, cancellationToken);
            changes.AddRange(Members(result, "Changes").Select(c => Child(c, "ResourceChange")).OfType<XElement>().Select(c => new ResourceChange(
                Text(c, "Action") ?? "", Text(c, "LogicalResourceId") ?? "", Text(c, "ResourceType") ?? "", Text(c, "Replacement"))));
            token = Text(result, "NextToken");
            if (token is null)
                return new ChangeSetDescription(Text(result, "ChangeSetId") ?? changeSetId, Text(result, "Status") ?? "UNKNOWN",
                    Text(result, "StatusReason"), Text(result, "ExecutionStatus"), changes);
        }
    }

    public Task ExecuteChangeSetAsync(string changeSetId, CancellationToken cancellationToken) =>
        client.SendAsync("ExecuteChangeSet", [new("ChangeSetName", changeSetId)], cancellationToken);

    public Task DeleteChangeSetAsync(string changeSetId, CancellationToken cancellationToken) =>
        client.SendAsync("DeleteChangeSet", [new("ChangeSetName", changeSetId)], cancellationToken);

    public async Task<StackDescription?> DescribeStackAsync(string stack, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.SendAsync("DescribeStacks", [new("StackName", stack)], cancellationToken);
            return Members(result, "Stacks").Select(Stack).FirstOrDefault();
        }
        catch (AwsServiceException e) when (e.Code == "ValidationError" && e.AwsMessage.Contains("does not exist", StringComparison.Ordinal))
        {
            return null; // CloudFormation has no NotFound code: a missing stack is this ValidationError
        }
    }

    public async Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stack, CancellationToken cancellationToken)
    {
        var result = await client.SendAsync("DescribeStackEvents", [new("StackName", stack)], cancellationToken);
        return Members(result, "StackEvents").Select(e => new StackEvent(
            Text(e, "EventId") ?? "",
            DateTimeOffset.TryParse(Text(e, "Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue,
            Text(e, "LogicalResourceId") ?? "", Text(e, "ResourceType") ?? "", Text(e, "ResourceStatus") ?? "", Text(e, "ResourceStatusReason"))).ToArray();
    }

    public async Task<string> GetTemplateAsync(string stack, CancellationToken cancellationToken)
    {
        var result = await client.SendAsync("GetTemplate", [new("StackName", stack), new("TemplateStage", "Original")], cancellationToken);
        return Text(result, "TemplateBody") ?? throw new InvalidDataException($"CloudFormation GetTemplate returned no TemplateBody for {stack}.");
    }

    public Task CancelUpdateStackAsync(string stack, CancellationToken cancellationToken) =>
        client.SendAsync("CancelUpdateStack", [new("StackName", stack)], cancellationToken);

    public Task DeleteStackAsync(string stack, CancellationToken cancellationToken) =>
        client.SendAsync("DeleteStack", [new("StackName", stack)], cancellationToken);

    private static StackDescription Stack(XElement xml) => new(
        Text(xml, "StackId") ?? "",
        Text(xml, "StackName") ?? "",
        Text(xml, "StackStatus") ?? "UNKNOWN",
        Text(xml, "StackStatusReason"),
        Members(xml, "Outputs").Where(o => Text(o, "OutputKey") is not null)
            .ToDictionary(o => Text(o, "OutputKey")!, o => Text(o, "OutputValue") ?? "", StringComparer.Ordinal))
    {
        Parameters = Members(xml, "Parameters").Where(p => Text(p, "ParameterKey") is not null)
            .ToDictionary(p => Text(p, "ParameterKey")!, p => Text(p, "ParameterValue") ?? "", StringComparer.Ordinal),
    };

    private static IEnumerable<XElement> Members(XElement parent, string list) =>
        Child(parent, list)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement parent, string name) => Child(parent, name)?.Value is { Length: > 0 } text ? text : null;
}
