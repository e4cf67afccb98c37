using Amazon.S3;
using Deployer.Aws.CloudFormation;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Sam;

/// <summary>
/// The dry run of a SAM step, the closest thing to <c>terraform plan</c> this target has: the template is packaged
/// without uploading (keys by content only), a change set is created, its changes printed (action, logical id, type,
/// replacement) and the change set deleted, with the empty stack shell a CREATE change set leaves. Nothing is executed.
/// </summary>
public sealed class SamPreviewer(ICloudFormationApi? cloudFormation, IAmazonS3? s3, string root, TimeProvider time, StackPolling? polling = null) : IStepPreviewer
{
    public bool Previews(Step step) => step is DeploySamStackStep;

    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        var sam = (DeploySamStackStep)step;
        var spec = sam.Stack;
        var lines = new List<string>();
        PackagedTemplate packaged;
        if (sam.RecordedTemplate is { } recorded)
        {
            if (s3 is null) return [$"~ stack {spec.Stack} → recorded template {recorded} (not read: no AWS access)"];
            packaged = await SamPackager.RecordedAsync(s3, recorded, cancellationToken);
            lines.Add($"~ recorded template {recorded} (no rebuild)");
        }
        else
        {
            if (spec.Build.Count > 0) lines.Add($"(build '{string.Join(' ', spec.Build)}' is not run in a dry run: code as it is now)");
            packaged = await new SamPackager(null, spec.S3Bucket ?? "").PackageAsync(Path.GetFullPath(spec.Template, root), cancellationToken);
            lines.AddRange(packaged.Artifacts.Select(a => $"+ {a.Place} → s3://{spec.S3Bucket}/{a.Key} ({a.Bytes} bytes, uploaded only if missing)"));
        }
        if (cloudFormation is null) return [.. lines, "(change set not created: no AWS access)"];
        if (spec.SecretParameters.Count > 0) return [.. lines, "(change set not created: secret parameters are read only when deploying)"];
        if (sam.References.Count > 0) return [.. lines, "(change set not created: parameters take outputs of stacks this run deploys first)"];

        var stack = await cloudFormation.DescribeStackAsync(spec.Stack, cancellationToken);
        var planner = new SamChangeSet(cloudFormation, time, polling ?? StackPolling.Default);
        var request = new ChangeSetRequest(spec.Stack, planner.NameNow(), SamChangeSet.TypeFor(stack), packaged.Body, spec.Capabilities,
            spec.Parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToArray(), sam.Tags);
        var changeSet = await planner.CreateAsync(request, cancellationToken);
        try
        {
            if (changeSet.Empty) lines.Add($"= no changes: stack {spec.Stack} already serves this template");
            else if (!changeSet.Ready) lines.Add($"! change set failed: {changeSet.Description.StatusReason}");
            else
            {
                lines.Add($"change set ({request.Type}) of stack {spec.Stack}:");
                lines.AddRange(changeSet.Lines());
            }
        }
        finally
        {
            if (changeSet.Id.Length > 0) await cloudFormation.DeleteChangeSetAsync(changeSet.Id, CancellationToken.None);
            // A CREATE change set leaves an empty stack in REVIEW_IN_PROGRESS; a dry run leaves nothing behind.
            if (request.Type == "CREATE" && stack is null) await cloudFormation.DeleteStackAsync(spec.Stack, CancellationToken.None);
        }
        return lines;
    }
}
