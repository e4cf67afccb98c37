using Deployer.Execution;

namespace Deployer.Providers.Sam;

/// <summary>
/// What a SAM step left: the stack, its outputs (e.g. the API URL, that later steps reference as <c>{{sam.&lt;stack&gt;.ApiUrl}}</c>), the packaged template it serves
/// (<c>s3://bucket/key</c>, what promotion and rollback redeploy), its hash and the artifact keys it references.
/// </summary>
public sealed record SamDeployed(string Stack, string StackId, string Status, IReadOnlyDictionary<string, string> Outputs,
    string Template, string TemplateHash, IReadOnlyList<string> ArtifactKeys, int Uploaded) : StepOutput, INamedOutputs
{
    /// <summary>One output by key; null when the stack has no such output.</summary>
    public string? Output(string key) => Outputs.GetValueOrDefault(key);
}
