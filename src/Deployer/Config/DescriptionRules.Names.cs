using System.Text.RegularExpressions;

namespace Deployer.Config;

/// <summary>
/// Names and numbers checked against what their target accepts, so a name like <c>foo; rm -rf /</c> or a negative task
/// count is refused here, with its path, instead of by AWS halfway through a release.
/// </summary>
internal static partial class DescriptionRules
{
    private static void CheckNames(DeployDescription d, Action<string, string> report)
    {
        if (d.App is { } app && !RepositoryPart().IsMatch(app))
            report("app", $"'{app}' is not a valid app name: it prefixes registry repositories, so lower-case letters, digits and single '.', '_' or '-' between them");
        foreach (var (name, image) in d.Images)
        {
            var path = ConfigPath.Key("images", name);
            if (!RepositoryPart().IsMatch(name))
                report(path, $"'{name}' is not a valid image name: lower-case letters, digits and single '.', '_' or '-' between them (it names a registry repository)");
            if (image.Repository is { } repository && (repository.Length is < 2 or > 256 || !Repository().IsMatch(repository)))
                report($"{path}.repository", $"'{repository}' is not a valid repository name: lower-case parts of letters and digits joined by '.', '_' or '-', separated by '/', 2 to 256 characters");
        }
        foreach (var name in d.Environments.Keys.Where(n => !EnvironmentName().IsMatch(n)))
            report(ConfigPath.Key("environments", name), $"'{name}' is not a valid environment name: letters, digits, '.', '_' and '-', starting with a letter or digit, up to 255 characters (it names files and GitHub environments)");
    }

    /// <summary>Promotion follows promotesFrom; a chain that comes back to where it started could never have a first release.</summary>
    private static void CheckPromotionCycles(DeployDescription d, Action<string, string> report)
    {
        foreach (var (start, env) in d.Environments)
        {
            var chain = new List<string> { start };
            for (var next = env.PromotesFrom; next is not null && next != start && d.Environments.TryGetValue(next, out var spec); next = spec.PromotesFrom)
            {
                if (chain.Contains(next)) break; // a circle that does not pass through start is reported from its own members
                chain.Add(next);
                if (spec.PromotesFrom == start && chain.Count > 1)
                {
                    report($"{ConfigPath.Key("environments", start)}.promotesFrom",
                        $"environments promote from each other in a circle ({string.Join(" → ", chain)} → {start}); one of them must be deployed, not promoted");
                    break;
                }
            }
        }
    }

    [GeneratedRegex(@"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")] private static partial Regex RepositoryPart();
    [GeneratedRegex(@"^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$")] private static partial Regex Repository();
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")] private static partial Regex EnvironmentName();
}
