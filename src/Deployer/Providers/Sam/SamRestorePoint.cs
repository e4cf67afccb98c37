using Deployer.Aws.CloudFormation;

namespace Deployer.Providers.Sam;

/// <summary>
/// What a stack served before a change set was executed: its template and its plain parameters. Compensation deploys
/// it again when a later step of the release fails. Secret parameters are not kept: they are resolved again from the
/// description, since CloudFormation only returns them masked.
/// </summary>
public sealed record SamRestorePoint(string TemplateBody, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>The restore point of an existing stack; a stack being created has none (nothing to go back to).</summary>
    public static async Task<SamRestorePoint?> CaptureAsync(ICloudFormationApi cloudFormation, SamStackSpec spec, StackDescription? stack, CancellationToken cancellationToken)
    {
        if (SamChangeSet.TypeFor(stack) == "CREATE") return null;
        var template = await cloudFormation.GetTemplateAsync(spec.Stack, cancellationToken);
        return new SamRestorePoint(template, Plain(stack!.Parameters, spec));
    }

    /// <summary>The previous parameters without those the description passes as secrets (re-resolved) or that came back masked (NoEcho).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Plain(IReadOnlyDictionary<string, string> previous, SamStackSpec spec) =>
        previous.Where(p => !spec.SecretParameters.ContainsKey(p.Key) && p.Value != "****").OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
}
