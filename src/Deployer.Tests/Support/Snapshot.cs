namespace Deployer.Tests.Support;

/// <summary>
/// Compares text with a committed snapshot under src/Deployer.Tests. Set DEPLOYER_UPDATE_SNAPSHOTS=1 to rewrite the
/// snapshots, then review the diff like any other change.
/// </summary>
public static class Snapshot
{
    public static void Match(string actual, params string[] pathUnderTests)
    {
        var path = Repository.PathOf(["src", "Deployer.Tests", .. pathUnderTests]);
        if (Environment.GetEnvironmentVariable("DEPLOYER_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"No snapshot at {path}; run the tests with DEPLOYER_UPDATE_SNAPSHOTS=1 and review it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
