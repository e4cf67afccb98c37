namespace Deployer.Planning;

/// <summary>
/// One unit of work in a plan. Steps are data: a provider's handler executes them and the dry run prints them.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>deploy-ecs:backend</c>.</param>
/// <param name="DependsOn">Ids of steps that must finish successfully first.</param>
public abstract record Step(string Id, IReadOnlyList<string> DependsOn)
{
    /// <summary>Kind name as printed and in JSON, e.g. <c>DeployEcsService</c>.</summary>
    public string Kind => GetType().Name.EndsWith("Step", StringComparison.Ordinal) ? GetType().Name[..^4] : GetType().Name;

    /// <summary>The provider module that plans and runs this step (images, ecs, vercel, …).</summary>
    public abstract string Provider { get; }

    /// <summary>One line saying what the step does and where.</summary>
    public abstract string Summary { get; }

    /// <summary>Ordered facts worth printing in a plan; secrets appear only as their references.</summary>
    public virtual IEnumerable<(string Name, string Value)> Details() => [];
}

/// <summary>
/// An image as deployed: repository and the tag of this release. The digest is known after the push, or up front when a
/// promotion or rollback ships a recorded release; then the image prints pinned by digest.
/// </summary>
public sealed record ImageRef(string Name, string Repository, string Tag, string? Digest = null)
{
    /// <summary>The reference pinned by digest, when the digest is known.</summary>
    public string? Pinned => Digest is null ? null : $"{Repository}@{Digest}";

    public override string ToString() => Pinned ?? $"{Repository}:{Tag}";
}
