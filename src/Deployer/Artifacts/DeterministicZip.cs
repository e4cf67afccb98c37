using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Deployer.Artifacts;

/// <summary>
/// Zips a folder (or one file) so the same content always gives the same bytes: entries sorted by path, one fixed
/// timestamp, modes 0644 or 0755 (the executable bit is kept: a custom runtime's <c>bootstrap</c> needs it). SAM's
/// code packages and Amplify's site zips are both made here.
/// </summary>
public static class DeterministicZip
{
    /// <summary>1980-01-01, the earliest time a zip entry can hold.</summary>
    private static readonly DateTimeOffset Epoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Bumped when the zip layout changes, so keys made from <see cref="TreeHashAsync"/> change with it.</summary>
    private const string Format = "deployer-zip-1";

    /// <param name="keepExecutableBit">False writes every entry as 0644 (a static site has no programs to run).</param>
    public static byte[] Create(string path, bool keepExecutableBit = true, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, full, isExecutable) in Entries(path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var executable = keepExecutableBit && isExecutable;
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = Epoch;
                // Upper 16 bits: a regular file (0x8000) and its permission bits, as Unix zip tools write them.
                entry.ExternalAttributes = (0x8000 | (executable ? 0b111_101_101 : 0b110_100_100)) << 16;
                using var target = entry.Open();
                using var source = File.OpenRead(full);
                source.CopyTo(target);
            }
        return buffer.ToArray();
    }

    /// <summary>
    /// SHA-256 of what the zip holds (format, then each entry's name, mode and content hash, in zip order) without
    /// compressing anything: the content address of the zip, so unchanged code is recognised by hashing alone.
    /// </summary>
    public static async Task<(string Hash, long Bytes)> TreeHashAsync(string path, CancellationToken cancellationToken)
    {
        using var manifest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        manifest.AppendData(Encoding.UTF8.GetBytes(Format + "\n"));
        long bytes = 0;
        foreach (var (name, full, executable) in Entries(path))
        {
            await using var stream = File.OpenRead(full);
            var content = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            bytes += stream.Length;
            manifest.AppendData(Encoding.UTF8.GetBytes($"{name}\0{(executable ? "755" : "644")}\0{content}\n"));
        }
        return (Convert.ToHexStringLower(manifest.GetHashAndReset()), bytes);
    }

    private static IEnumerable<(string Name, string Full, bool Executable)> Entries(string path)
    {
        var files = File.Exists(path)
            ? [(Path.GetFileName(path), path)]
            : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Select(f => (Name: Path.GetRelativePath(path, f).Replace(Path.DirectorySeparatorChar, '/'), Full: f))
                .OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        return files.Select(f => (f.Item1, f.Item2, !OperatingSystem.IsWindows() && (File.GetUnixFileMode(f.Item2) & UnixFileMode.UserExecute) != 0));
    }
}
