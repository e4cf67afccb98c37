using System.ComponentModel;
using System.Text.RegularExpressions;

namespace Deployer.Providers.StaticSites;

/// <summary>Headers for the files a glob matches (<c>*</c> within a folder, <c>**</c> across folders).</summary>
public sealed record CacheRuleSpec
{
    [Description("Glob of object paths relative to the folder, e.g. 'assets/**' or '*.html'.")]
    public required string Match { get; init; }

    [Description("Cache-Control sent with the matching files.")]
    public string? CacheControl { get; init; }

    [Description("Content-Encoding of precompressed matching files (gzip, br).")]
    public string? ContentEncoding { get; init; }

    public bool Matches(string path) =>
        Regex.IsMatch(path, "^" + Regex.Escape(Match).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
}
