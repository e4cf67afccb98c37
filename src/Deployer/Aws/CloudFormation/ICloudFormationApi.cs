namespace Deployer.Aws.CloudFormation;

/// <summary>The CloudFormation operations Deployer uses, and no others (query protocol, version 2010-05-15).</summary>
public interface ICloudFormationApi
{
    /// <summary>CreateChangeSet; returns the change set's id (ARN).</summary>
    Task<string> CreateChangeSetAsync(ChangeSetRequest request, CancellationToken cancellationToken);

    /// <summary>DescribeChangeSet, every page of its changes.</summary>
    Task<ChangeSetDescription> DescribeChangeSetAsync(string changeSetId, CancellationToken cancellationToken);

    Task ExecuteChangeSetAsync(string changeSetId, CancellationToken cancellationToken);

    Task DeleteChangeSetAsync(string changeSetId, CancellationToken cancellationToken);

    /// <summary>DescribeStacks for one stack; null when it does not exist.</summary>
    Task<StackDescription?> DescribeStackAsync(string stack, CancellationToken cancellationToken);

    /// <summary>DescribeStackEvents, newest first, first page only (the wait reads until the events it has already seen).</summary>
    Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stack, CancellationToken cancellationToken);

    /// <summary>GetTemplate (stage Original): the template body the stack was last deployed from.</summary>
    Task<string> GetTemplateAsync(string stack, CancellationToken cancellationToken);

    Task CancelUpdateStackAsync(string stack, CancellationToken cancellationToken);

    Task DeleteStackAsync(string stack, CancellationToken cancellationToken);
}
