using System.Diagnostics;
using Deployer.Providers.Images;

namespace Deployer.Tests.Support;

/// <summary>
/// The baseline that registry-side retagging (ECR PutImage) is compared against: copying an image by pulling it into
/// local storage and pushing it under another name, timed end to end.
/// </summary>
public static class ImageCopyTiming
{
    /// <summary>Pulls <paramref name="source"/> and pushes it as <paramref name="target"/>; returns what was pushed and how long it took.</summary>
    public static async Task<TimedCopy> PullPushAsync(ImagePublisher publisher, string source, RegistryLogin? sourceLogin, string target, RegistryLogin? targetLogin,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var pushed = await publisher.CopyAsync(source, sourceLogin, target, targetLogin, cancellationToken);
        return new TimedCopy(pushed, clock.Elapsed);
    }
}

/// <summary>An image copied to its target, and the wall-clock time the copy took.</summary>
public sealed record TimedCopy(PushedImage Image, TimeSpan Elapsed);
