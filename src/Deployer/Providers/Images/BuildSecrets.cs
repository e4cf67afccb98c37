using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>
/// Which build arguments are secrets: those whose value holds a value the run knows as secret (a token interpolated from
/// the environment). Passed as <c>--build-arg</c> they would be on the engine's command line, visible to every user of the
/// machine through <c>ps</c>, and recorded in the image history; they become build secrets instead. Pure.
/// </summary>
public static class BuildSecrets
{
    public static (IReadOnlyDictionary<string, string> BuildArgs, IReadOnlyDictionary<string, Secret> Secrets) Split(
        IReadOnlyDictionary<string, string> buildArgs, SecretValues? secrets)
    {
        var plain = new Dictionary<string, string>(StringComparer.Ordinal);
        var hidden = new Dictionary<string, Secret>(StringComparer.Ordinal);
        foreach (var (name, value) in buildArgs)
            if (secrets is not null && secrets.Reveals(value)) hidden[name] = new Secret(value);
            else plain[name] = value;
        return (plain, hidden);
    }
}
