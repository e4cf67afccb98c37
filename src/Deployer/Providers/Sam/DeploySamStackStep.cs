using Deployer.Planning;

namespace Deployer.Providers.Sam;

/// <summary>
/// Packages a template, plans it as a change set and executes it; or (promotion/rollback) deploys the packaged template a
/// release recorded, without rebuilding.
/// </summary>
/// <param name="Tags">Stack tags sent with the change set (app, environment, sha).</param>
public sealed record DeploySamStackStep(string Id, IReadOnlyList<string> DependsOn, SamStackSpec Stack, string Region,
    IReadOnlyList<KeyValuePair<string, string>> Tags) : Step(Id, DependsOn), IProducesOutputs, IReadsOutputs
{
    /// <summary>Where the description declares the stack (<c>environments.production.sam[0]</c>), for errors.</summary>
    public string ConfigPath { get; init; } = "sam";

    /// <summary>Outputs of other stacks that <see cref="SamStackSpec.Parameters"/> pass on (<c>{{sam.network.VpcId}}</c>).</summary>
    public IReadOnlyList<OutputReference> References { get; init; } = [];

    /// <summary>The packaged template a recorded release left serving (<c>s3://bucket/key</c>), deployed instead of packaging.</summary>
    public string? RecordedTemplate { get; init; }

    public override string Provider => SamModule.Id;
    public override string Summary => RecordedTemplate is null
        ? $"deploy SAM stack '{Stack.Stack}' from {Stack.Template} in {Region}"
        : $"deploy SAM stack '{Stack.Stack}' from the recorded template {RecordedTemplate} in {Region} (no rebuild)";
    public override IEnumerable<(string, string)> Details()
    {
        if (RecordedTemplate is null && Stack.Build.Count > 0) yield return ("build", string.Join(' ', Stack.Build));
        if (RecordedTemplate is null) yield return ("package to", $"s3://{Stack.S3Bucket}/deployer/ (content-addressed, existing keys skipped)");
        foreach (var (key, value) in Stack.Parameters) yield return ($"parameter {key}", OutputReference.Describe(value, References));
        foreach (var (key, value) in Stack.SecretParameters) yield return ($"parameter {key}", $"secret {value}");
        yield return ("capabilities", string.Join(' ', Stack.Capabilities));
        yield return ("tags", string.Join(' ', Tags.Select(t => $"{t.Key}={t.Value}")));
        yield return ("no changes", "reported as Unchanged, not as a failure");
    }
}
