namespace Deployer.Tests.Support;

/// <summary>Programs and files the integration tests need from Debian packages (./test.sh installs them); a missing one fails the test naming its package.</summary>
public static class RequiredTool
{
    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of <paramref name="program"/> on PATH (or the system directories).</summary>
    public static string Program(string program, string debianPackage)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SystemDirectories);
        var path = directories.Select(dir => Path.Combine(dir, program)).FirstOrDefault(System.IO.File.Exists);
        Assert.True(path is not null, $"`{program}` is not installed: install the Debian package {debianPackage} (apt-get install {debianPackage}).");
        return path!;
    }

    /// <summary><paramref name="path"/> itself, when it exists.</summary>
    public static string File(string path, string debianPackage)
    {
        Assert.True(System.IO.File.Exists(path), $"{path} is missing: install the Debian package {debianPackage} (apt-get install {debianPackage}).");
        return path;
    }
}
