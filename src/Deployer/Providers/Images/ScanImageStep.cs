using Deployer.Planning;

namespace Deployer.Providers.Images;

/// <summary>
/// The scan gate of one image: waits for ECR's scan of the digest the push (or promotion) recorded and stops the release
/// before anything deploys when the findings exceed <see cref="Policy"/>.
/// </summary>
/// <param name="ShippedBy">The push or promotion step whose <see cref="ImagePushed"/> names the digest.</param>
/// <param name="PolicySource">Where <paramref name="Policy"/> comes from: the environment's scan section or the image's own.</param>
public sealed record ScanImageStep(string Id, IReadOnlyList<string> DependsOn, ImageRef Image, string ShippedBy, string Environment, ScanPolicy Policy,
    string? PolicySource = null)
    : Step(Id, DependsOn)
{
    public override string Provider => ImagesModule.Id;
    public override string Summary => $"scan gate for image '{Image.Name}': wait for the ECR scan of the pushed digest in {Image.Repository}";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("threshold", $"{Policy.Threshold} ({PolicySource ?? $"environments.{Environment}.scan"})");
        yield return ("timeout", $"{Policy.Timeout.TotalSeconds:0}s");
        foreach (var allowed in Policy.Allowed)
            yield return ($"allow {allowed.Id}", $"until {allowed.Expires:yyyy-MM-dd}: {allowed.Reason}");
    }
}
