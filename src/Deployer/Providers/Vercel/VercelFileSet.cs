using System.Security.Cryptography;
using Deployer.Providers.Vercel.Api;

namespace Deployer.Providers.Vercel;

/// <summary>
/// The files a deployment ships, by content: every file under the folder (or its prebuilt <c>.vercel/output</c>) with its
/// SHA-1, hashed from a stream so large files are never held in memory. <c>.vercelignore</c> patterns and the usual
/// noise (.git, node_modules, .vercel outside prebuilt) are left out.
/// </summary>
public sealed record VercelFileSet(string Root, IReadOnlyList<VercelFile> Files)
{
    public long Bytes => Files.Sum(f => f.Size);

    public string PathOf(string sha) => Path.Combine(Root, Files.First(f => f.Sha == sha).File.Replace('/', Path.DirectorySeparatorChar));

    public static async Task<VercelFileSet> HashAsync(string directory, bool prebuilt, CancellationToken cancellationToken)
    {
        var root = prebuilt ? Path.Combine(directory, ".vercel", "output") : directory;
        var ignore = VercelIgnore.Load(directory);
        var files = new List<VercelFile>();
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!prebuilt && ignore.Ignores(relative)) continue;
            await using var stream = File.OpenRead(path);
            var sha = Convert.ToHexStringLower(await SHA1.HashDataAsync(stream, cancellationToken));
            // Prebuilt output is uploaded under .vercel/output, as the CLI does.
            files.Add(new VercelFile(prebuilt ? ".vercel/output/" + relative : relative, sha, stream.Length));
        }
        return new VercelFileSet(prebuilt ? directory : root, files);
    }
}

/// <summary>The subset of .gitignore syntax .vercelignore uses: names, globs with * and ?, a leading / anchoring, a trailing / for folders.</summary>
public sealed record VercelIgnore(IReadOnlyList<string> Patterns)
{
    private static readonly string[] Always = [".git", "node_modules", ".vercel", ".vercelignore", ".env", ".DS_Store"];

    public static VercelIgnore Load(string directory)
    {
        var file = Path.Combine(directory, ".vercelignore");
        var lines = File.Exists(file) ? File.ReadAllLines(file) : [];
        return new VercelIgnore([.. Always, .. lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))]);
    }

    public bool Ignores(string relativePath)
    {
        var segments = relativePath.Split('/');
        foreach (var raw in Patterns)
        {
            var anchored = raw.StartsWith('/');
            var pattern = raw.Trim('/');
            if (pattern.Contains('/'))
            {
                if (Glob(pattern, relativePath) || relativePath.StartsWith(pattern + "/", StringComparison.Ordinal)) return true;
                continue;
            }
            for (var i = 0; i < segments.Length; i++)
            {
                if (anchored && i > 0) break;
                if (Glob(pattern, segments[i])) return true;
            }
        }
        return false;
    }

    private static bool Glob(string pattern, string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text,
            "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
}
