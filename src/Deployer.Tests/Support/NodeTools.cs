namespace Deployer.Tests.Support;

/// <summary>Node.js and the npm packages from package.json, which ./test.sh installs with `npm ci`.</summary>
public static class NodeTools
{
    /// <summary>The node executable; fails the test with the fix when node or the package (a folder of node_modules) is missing.</summary>
    public static string Require(string package = "ajv")
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "node")).FirstOrDefault(File.Exists);
        Assert.True(node is not null, "node is not on PATH: install Node.js, then run ./test.sh");
        Assert.True(Directory.Exists(Repository.PathOf("node_modules", package)), "npm packages are missing: run ./test.sh (or `npm ci`) in the repository root");
        return node!;
    }
}
