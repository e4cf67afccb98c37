using System.Text.RegularExpressions;

namespace Deployer.Providers.Images;

/// <summary>
/// Builds, pushes and copies images with one engine, and returns what was pushed by digest: every step after a push
/// uses <see cref="PushedImage.Reference"/> (<c>registry/repository@sha256:…</c>), never the tag. Credentials go to the
/// engine in a temporary <see cref="RegistryAuthFile"/> that is deleted when the step ends, even on failure.
/// Loopback registries (127.0.0.1, localhost) are reached without TLS verification.
/// </summary>
public sealed partial class ImagePublisher(IContainerEngine engine, IContainerCommandRunner runner, string? scratchDirectory = null)
{
    public IContainerEngine Engine => engine;

    /// <summary>Builds the image into local storage under its tags; build secrets are in 0600 files only while it runs.</summary>
    public async Task BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken)
    {
        if (request.Secrets.Count == 0)
        {
            await RunAsync(engine.Build(request), cancellationToken);
            return;
        }
        using var files = BuildSecretFiles.Create(request.Secrets, scratchDirectory);
        await RunAsync(engine.Build(request with { SecretFiles = files.Paths }), cancellationToken);
    }

    /// <summary>Builds <paramref name="request"/> tagged as <paramref name="remoteReference"/> and pushes it.</summary>
    public async Task<PushedImage> PublishAsync(ImageBuildRequest request, string remoteReference, RegistryLogin? login, CancellationToken cancellationToken)
    {
        RemoteTag(remoteReference);
        await BuildAsync(request.WithTag(remoteReference), cancellationToken);
        return await PushAsync(remoteReference, remoteReference, login, cancellationToken);
    }

    /// <summary>Pushes a local image as <paramref name="remoteReference"/> (<c>registry/repository:tag</c>) and reads the digest the registry stored.</summary>
    public async Task<PushedImage> PushAsync(string localReference, string remoteReference, RegistryLogin? login, CancellationToken cancellationToken)
    {
        var remote = RemoteTag(remoteReference);
        using var auth = RegistryAuthFile.Create(remote.Registry, login, scratchDirectory);
        if (localReference != remoteReference) await RunAsync(engine.Tag(localReference, remoteReference), cancellationToken);
        var digestFile = Path.Combine(auth.Directory, "digest");
        var push = await runner.RunAsync(engine.Push(remoteReference, remoteReference, auth.Path, digestFile, tlsVerify: !remote.IsLoopback), cancellationToken);
        if (!push.Succeeded && login is not null && Unauthorized().IsMatch(push.StandardError + push.StandardOutput))
            throw new ContainerEngineException(
                $"{remote.Registry} refused the credentials of user '{login.Username}' when pushing {remoteReference}: " +
                "check the registry login (an ECR token expires after 12 hours).");
        push.EnsureSuccess();
        var digest = engine.WritesDigestFile ? ReadDigest(digestFile, remoteReference) : await DigestFromInspectAsync(remote, cancellationToken);
        return new PushedImage(remote.WithDigest(digest), digest);
    }

    /// <summary>Pulls <paramref name="sourceReference"/> into local storage.</summary>
    public async Task PullAsync(string sourceReference, RegistryLogin? login, CancellationToken cancellationToken)
    {
        var source = ImageReference.Parse(sourceReference);
        using var auth = RegistryAuthFile.Create(source.Registry, login, scratchDirectory);
        await RunAsync(engine.Pull(sourceReference, auth.Path, tlsVerify: !source.IsLoopback), cancellationToken);
    }

    /// <summary>
    /// Copies an image between repositories or registries by pulling it, tagging it and pushing it (the slow path that
    /// registry-side retagging avoids). The layers travel through local storage.
    /// </summary>
    public async Task<PushedImage> CopyAsync(string sourceReference, RegistryLogin? sourceLogin, string targetReference, RegistryLogin? targetLogin, CancellationToken cancellationToken)
    {
        await PullAsync(sourceReference, sourceLogin, cancellationToken);
        return await PushAsync(sourceReference, targetReference, targetLogin, cancellationToken);
    }

    /// <summary>The labels, id and repo digests of a local image.</summary>
    public async Task<ImageInspection> InspectAsync(string localReference, CancellationToken cancellationToken) =>
        engine.ParseInspect((await RunAsync(engine.Inspect(localReference), cancellationToken)).StandardOutput);

    private async Task<string> DigestFromInspectAsync(ImageReference remote, CancellationToken cancellationToken)
    {
        var inspection = await InspectAsync(remote.ToString(), cancellationToken);
        return inspection.DigestIn(remote.Name)
            ?? throw new ContainerEngineException($"{engine.Name} pushed {remote} but reports no digest for {remote.Name} (RepoDigests: {string.Join(", ", inspection.RepoDigests)}).");
    }

    private async Task<ContainerCommandResult> RunAsync(ContainerCommand command, CancellationToken cancellationToken) =>
        (await runner.RunAsync(command, cancellationToken)).EnsureSuccess();

    private static ImageReference RemoteTag(string remoteReference)
    {
        var remote = ImageReference.Parse(remoteReference);
        if (remote.Tag is null || remote.Digest is not null)
            throw new ContainerEngineException($"Push target '{remoteReference}' must be registry/repository:tag (the registry assigns the digest).");
        return remote;
    }

    private string ReadDigest(string digestFile, string remoteReference)
    {
        var digest = File.Exists(digestFile) ? File.ReadAllText(digestFile).Trim() : "";
        return DigestPattern().IsMatch(digest)
            ? digest
            : throw new ContainerEngineException($"{engine.Name} pushed {remoteReference} but wrote no digest (got '{digest}').");
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex("unauthorized|authentication required|401 Unauthorized", RegexOptions.IgnoreCase)]
    private static partial Regex Unauthorized();
}
