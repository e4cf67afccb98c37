using System.IO.Compression;
using System.Security.Cryptography;

namespace Deployer.Providers.Amplify;

/// <summary>
/// The zip Amplify deploys: the build folder's contents at the zip root, entries sorted, fixed timestamps and modes, so
/// an unchanged build zips to the same bytes and the same SHA-256.
/// </summary>
public sealed record AmplifyZip(byte[] Bytes, string Sha256, int Files)
{
    /// <summary>DOS time cannot go earlier than 1980; every entry carries this one.</summary>
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>rw-r--r-- regular file, in the upper half of the external attributes as Info-ZIP writes it.</summary>
    private const int FileMode = 0b1000_000_110_100_100 << 16;

    public string Key(string appId) => $"amplify/{appId}/{Sha256}.zip";

    /// <summary>
    /// Why <paramref name="directory"/> cannot be deployed, or null: missing, empty, a lone folder (its zip would serve
    /// 404s from a job that succeeds), or no index.html at its root.
    /// </summary>
    public static string? Problem(string directory)
    {
        if (!Directory.Exists(directory)) return $"{directory} does not exist (build it first)";
        var entries = Directory.GetFileSystemEntries(directory);
        if (entries.Length == 0) return $"{directory} is empty";
        if (entries is [var only] && Directory.Exists(only))
            return $"{directory} holds only the folder '{Path.GetFileName(only)}': point it at that folder, whose contents must be at the zip root";
        if (!File.Exists(Path.Combine(directory, "index.html"))) return $"{directory} has no index.html at its root";
        return null;
    }

    /// <summary>Zips every file under <paramref name="directory"/> (paths relative to it, '/' separated).</summary>
    public static async Task<AmplifyZip> CreateAsync(string directory, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Name: Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, name) in files)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                entry.ExternalAttributes = FileMode;
                await using var target = entry.Open();
                await using var source = File.OpenRead(path);
                await source.CopyToAsync(target, cancellationToken);
            }
        return FromBytes(buffer.ToArray(), files.Length);
    }

    /// <summary>A zip read back (from the artifact bucket): hashed as it is.</summary>
    public static AmplifyZip FromBytes(byte[] bytes, int files = 0) => new(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), files);

    /// <summary>The bytes of the entry at <paramref name="name"/> (index.html: what the branch URL must serve), or null.</summary>
    public byte[]? Entry(string name)
    {
        using var archive = new ZipArchive(new MemoryStream(Bytes), ZipArchiveMode.Read);
        if (archive.GetEntry(name) is not { } entry) return null;
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
