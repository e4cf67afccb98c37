using System.IO.Compression;
using System.Security.Cryptography;
using Deployer.Artifacts;

namespace Deployer.Providers.Amplify;

/// <summary>
/// The zip Amplify deploys: the build folder's contents at the zip root, entries sorted, fixed timestamps and modes, so
/// an unchanged build zips to the same bytes and the same SHA-256.
/// </summary>
public sealed record AmplifyZip(byte[] Bytes, string Sha256, int Files)
{
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

    /// <summary>Zips every file under <paramref name="directory"/> (paths relative to it, '/' separated, all 0644).</summary>
    public static Task<AmplifyZip> CreateAsync(string directory, CancellationToken cancellationToken)
    {
        var bytes = DeterministicZip.Create(directory, keepExecutableBit: false, cancellationToken);
        return Task.FromResult(FromBytes(bytes, Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count()));
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
