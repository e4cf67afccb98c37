using System.IO.Compression;
using Deployer.Providers.Amplify;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>The zip: the folder's contents at its root, the same bytes for the same files, and the folders it refuses.</summary>
public sealed class AmplifyZipTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("deployer-amplify-zip-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task The_contents_are_at_the_zip_root_sorted_with_fixed_times_and_modes()
    {
        Write("index.html", "<h1>hi</h1>");
        Write("assets/b.js", "b");
        Write("assets/a.css", "a");

        var zip = await AmplifyZip.CreateAsync(_root, CancellationToken.None);

        using var archive = new ZipArchive(new MemoryStream(zip.Bytes));
        Assert.Equal(["assets/a.css", "assets/b.js", "index.html"], archive.Entries.Select(e => e.FullName));
        Assert.All(archive.Entries, e => Assert.Equal((1980, 0x81A4u), (e.LastWriteTime.Year, (uint)e.ExternalAttributes >> 16)));
        Assert.Equal("<h1>hi</h1>"u8.ToArray(), zip.Entry("index.html"));
        Assert.Equal(3, zip.Files);
    }

    [Fact]
    public async Task The_same_files_written_again_later_zip_to_the_same_hash_and_a_changed_byte_does_not()
    {
        var index = Write("index.html", "v1");
        var first = await AmplifyZip.CreateAsync(_root, CancellationToken.None);
        File.WriteAllText(index, "v1");
        File.SetLastWriteTimeUtc(index, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var again = await AmplifyZip.CreateAsync(_root, CancellationToken.None);
        File.WriteAllText(index, "v2");
        var changed = await AmplifyZip.CreateAsync(_root, CancellationToken.None);

        Assert.Equal(first.Bytes, again.Bytes);
        Assert.Equal(first.Sha256, again.Sha256);
        Assert.NotEqual(first.Sha256, changed.Sha256);
        Assert.Equal($"amplify/app1/{first.Sha256}.zip", first.Key("app1"));
    }

    [Fact]
    public void A_folder_with_an_index_at_its_root_is_accepted()
    {
        Write("index.html", "x");
        Write("assets/app.js", "y");

        Assert.Null(AmplifyZip.Problem(_root));
    }

    [Fact]
    public void A_missing_an_empty_a_lone_folder_and_an_indexless_folder_are_refused()
    {
        Assert.EndsWith("does not exist (build it first)", AmplifyZip.Problem(Path.Combine(_root, "none")));
        Assert.EndsWith("is empty", AmplifyZip.Problem(_root));
        Write("dist/index.html", "x");
        Assert.EndsWith("holds only the folder 'dist': point it at that folder, whose contents must be at the zip root", AmplifyZip.Problem(_root));
        Write("app.js", "y");
        Assert.EndsWith("has no index.html at its root", AmplifyZip.Problem(_root));
    }
}
