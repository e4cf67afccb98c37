using System.IO.Compression;

namespace Deployer.Providers.Sam;

/// <summary>
/// Zips a folder (or one file) so the same content always gives the same bytes: entries sorted by path, one fixed
/// timestamp, modes 0644 or 0755 (the executable bit is kept: a custom runtime's <c>bootstrap</c> needs it).
/// </summary>
public static class DeterministicZip
{
    /// <summary>1980-01-01, the earliest time a zip entry can hold.</summary>
    private static readonly DateTimeOffset Epoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Create(string path)
    {
        var files = File.Exists(path)
            ? [(Path.GetFileName(path), path)]
            : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Select(f => (Name: Path.GetRelativePath(path, f).Replace(Path.DirectorySeparatorChar, '/'), Full: f))
                .OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, full) in files)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = Epoch;
                var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0;
                // Upper 16 bits: a regular file (0x8000) and its permission bits, as Unix zip tools write them.
                entry.ExternalAttributes = (0x8000 | (executable ? 0b111_101_101 : 0b110_100_100)) << 16;
                using var target = entry.Open();
                using var source = File.OpenRead(full);
                source.CopyTo(target);
            }
        return buffer.ToArray();
    }
}
