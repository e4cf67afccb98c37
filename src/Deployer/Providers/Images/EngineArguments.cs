namespace Deployer.Providers.Images;

/// <summary>Argument fragments the three engines share (their build flags are the same).</summary>
internal static class EngineArguments
{
    /// <summary>Storage flags that precede the subcommand (podman and buildah).</summary>
    public static IEnumerable<string> Storage(ContainerEngineOptions options)
    {
        if (options.StorageDriver is { Length: > 0 } driver) { yield return "--storage-driver"; yield return driver; }
        if (options.Root is { Length: > 0 } root) { yield return "--root"; yield return root; }
        if (options.RunRoot is { Length: > 0 } runRoot) { yield return "--runroot"; yield return runRoot; }
    }

    /// <summary><c>-f</c>, <c>--target</c>, <c>--platform</c>, <c>--build-arg</c>s, <c>--secret</c>s and <c>--label</c>s sorted by name, <c>-t</c>s, then the context.</summary>
    public static IEnumerable<string> Build(ImageBuildRequest request)
    {
        if (request.Tags.Count == 0) throw new ArgumentException("An image build needs at least one tag.", nameof(request));
        if (request.Secrets.Keys.Any(id => !request.SecretFiles.ContainsKey(id)))
            throw new ArgumentException("Build secrets reach the engine only as files: build through ImagePublisher.", nameof(request));
        if (request.Dockerfile is { Length: > 0 } dockerfile) { yield return "--file"; yield return dockerfile; }
        if (request.Target is { Length: > 0 } target) { yield return "--target"; yield return target; }
        if (request.Platform is { Length: > 0 } platform) { yield return "--platform"; yield return platform; }
        foreach (var (name, value) in request.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal)) { yield return "--build-arg"; yield return $"{name}={value}"; }
        foreach (var (id, file) in request.SecretFiles.OrderBy(s => s.Key, StringComparer.Ordinal)) { yield return "--secret"; yield return $"id={id},src={file}"; }
        foreach (var (name, value) in request.AllLabels()) { yield return "--label"; yield return $"{name}={value}"; }
        foreach (var tag in request.Tags) { yield return "--tag"; yield return tag; }
        yield return request.ContextDirectory;
    }

    /// <summary>Registry access flags for podman and buildah push/pull.</summary>
    public static IEnumerable<string> Registry(string authFile, bool tlsVerify)
    {
        yield return "--authfile";
        yield return authFile;
        if (!tlsVerify) yield return "--tls-verify=false";
    }

    /// <summary>A registry reference in the containers/image transport syntax.</summary>
    public static string Docker(string reference) => "docker://" + reference;
}
