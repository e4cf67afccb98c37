namespace Deployer.Tests.Support;

/// <summary>Paths inside this repository, found from the test assembly's location (no machine-specific paths).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static IReadOnlyList<string> Examples() =>
        Directory.GetDirectories(PathOf("examples")).Select(d => Path.Combine(d, "deploy.yml")).Where(File.Exists).OrderBy(p => p).ToArray();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Deployer.sln"))) return dir.FullName;
        throw new InvalidOperationException("Deployer.sln not found above " + AppContext.BaseDirectory);
    }
}
