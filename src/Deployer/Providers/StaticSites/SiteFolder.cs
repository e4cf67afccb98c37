using System.Security.Cryptography;

namespace Deployer.Providers.StaticSites;

/// <summary>The files of a site folder, hashed (SHA-256) in parallel; keys are paths relative to the folder with '/'.</summary>
public static class SiteFolder
{
    public static async Task<IReadOnlyList<SiteFile>> HashAsync(string directory, CancellationToken cancellationToken)
    {
        var paths = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToArray();
        var files = new SiteFile[paths.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                await using var stream = File.OpenRead(paths[i]);
                var hash = await SHA256.HashDataAsync(stream, token).ConfigureAwait(false);
                files[i] = new SiteFile(Path.GetRelativePath(directory, paths[i]).Replace('\\', '/'), Convert.ToHexStringLower(hash), stream.Length);
            }).ConfigureAwait(false);
        return files.OrderBy(f => f.Key, StringComparer.Ordinal).ToArray();
    }
}
