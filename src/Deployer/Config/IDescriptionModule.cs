using Deployer.Text;

namespace Deployer.Config;

/// <summary>What a module contributes to the description: its sections and the rules that span them.</summary>
public interface IDescriptionModule
{
    /// <summary>The keys this module owns, at the top level or in each environment.</summary>
    IReadOnlyList<ISection> Sections { get; }

    /// <summary>Rules over the module's sections; each error names its config path.</summary>
    void Check(DescriptionCheck check) { }

    /// <summary>Images (keys of <c>images</c>) this environment's part of the module deploys, so only those are built.</summary>
    IEnumerable<string> ImagesUsed(DeployDescription description, EnvironmentSpec environment) => [];

    /// <summary>Whether the module deploys something in the environment (migrations need a database only where something deploys).</summary>
    bool Deploys(EnvironmentSpec environment) => false;

    /// <summary>Whether the environment needs its 'aws' section for this module.</summary>
    bool UsesAws(DeployDescription description, EnvironmentSpec environment) => false;
}

/// <summary>The description being checked, where errors go, and the checks modules share.</summary>
/// <param name="time">The clock that says what day it is (expiry dates); the system clock when null.</param>
public sealed class DescriptionCheck(DeployDescription description, Action<string, string> report, IReadOnlyList<IDescriptionModule> modules,
    TimeProvider? time = null)
{
    public DeployDescription Description => description;

    /// <summary>Today in UTC, for rules about dates.</summary>
    public DateOnly Today => DateOnly.FromDateTime((time ?? TimeProvider.System).GetUtcNow().UtcDateTime);

    public void Report(string path, string message) => report(path, message);

    /// <summary>Every environment with its config path, <c>environments.&lt;name&gt;</c>.</summary>
    public IEnumerable<(string Name, EnvironmentSpec Environment, string Path)> Environments =>
        description.Environments.Select(e => (e.Key, e.Value, ConfigPath.Key("environments", e.Key)));

    /// <summary>Whether any module deploys something in the environment.</summary>
    public bool Deploys(EnvironmentSpec environment) => modules.Any(m => m.Deploys(environment));

    public void ImageChoice(string? image, string? imageUri, string path)
    {
        if ((image is null) == (imageUri is null))
            Report(path, "set exactly one of 'image' (built here) or 'imageUri' (an external image)");
        if (image is not null) ImageReference(image, $"{path}.image");
    }

    public void ImageReference(string image, string path)
    {
        if (!description.Images.ContainsKey(image))
            Report(path, $"image '{image}' is not defined in 'images'{Suggestion.DidYouMean(image, description.Images.Keys)}");
    }

    public void Url(string url, string path)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            Report(path, $"'{url}' is not an absolute http(s) URL");
    }

    public void Port(int port, string path)
    {
        if (port is < 1 or > 65535) Report(path, $"{port} is not a TCP port (1 to 65535)");
    }

    public void Duplicates(IEnumerable<string> names, string path, string what)
    {
        foreach (var duplicate in names.GroupBy(n => n).Where(g => g.Count() > 1))
            Report(path, $"{what} '{duplicate.Key}' is listed more than once");
    }
}
