using System.Text.RegularExpressions;
using System.Xml.Linq;
using CliWrap;
using CliWrap.Buffered;
using Deployer.Tests.Support;

namespace Deployer.Tests.Surface;

/// <summary>
/// build.sh skips `dotnet build` when the content hash of the build sources matches its stamp, so every project the build
/// compiles from must be in that hash (and in the copy actions/lib/setup.sh computes for the cache key, and in build.ps1):
/// otherwise a change to the engine would run a stale build.
/// </summary>
public sealed partial class BuildSourcesHashTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("deployer-hash-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>build/ and every project _build.csproj references, directly or through another project.</summary>
    private static IReadOnlyList<string> BuildProjectDirectories()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Repository.PathOf("build", "_build.csproj")]);
        while (pending.TryPop(out var project))
        {
            var directory = Path.GetDirectoryName(project)!;
            if (!found.Add(Path.GetRelativePath(Repository.Root, directory).Replace('\\', '/'))) continue;
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        return [.. found];
    }

    [Fact]
    public void The_build_compiles_from_the_engine_and_the_shared_project_but_not_the_tests()
    {
        Assert.Equal(["build", "src/Deployer", "src/Deployer.BuildEngine", "src/Deployer.Common"], BuildProjectDirectories());
    }

    [Fact]
    public async Task A_change_in_any_project_the_build_compiles_from_changes_the_hash_build_sh_and_setup_sh_compute()
    {
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
            File.Copy(Repository.PathOf(file), Path.Combine(_root, file));
        var projects = BuildProjectDirectories();
        foreach (var project in projects)
            Write(project, "Source.cs", "class Source { }");

        var before = await HashesAsync();
        Assert.Equal(before.BuildSh, before.SetupSh);
        foreach (var project in projects)
        {
            Write(project, "Source.cs", $"class Source {{ int Changed = {project.Length}; }}");
            var after = await HashesAsync();
            Assert.Equal(after.BuildSh, after.SetupSh);
            Assert.True(after.BuildSh != before.BuildSh, $"a change under {project} leaves the build sources hash unchanged");
            before = after;
        }

        Write("src/Deployer.Tests", "Ignored.cs", "class Ignored { }");
        Assert.Equal(before, await HashesAsync());
    }

    [Fact]
    public void Build_ps1_hashes_the_same_folders()
    {
        var line = File.ReadLines(Repository.PathOf("build.ps1")).Single(l => l.Contains("$Sources = @(Get-ChildItem", StringComparison.Ordinal));

        Assert.Equal(BuildProjectDirectories(), Quoted().Matches(line).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
    }

    private void Write(string project, string name, string text)
    {
        Directory.CreateDirectory(Path.Combine(_root, project));
        File.WriteAllText(Path.Combine(_root, project, name), text);
    }

    private async Task<(string BuildSh, string SetupSh)> HashesAsync()
    {
        // build.sh's function on its own (the script would go on to compile); setup.sh is a library of functions.
        var script = $$"""
            set -euo pipefail
            SCRIPT_DIR='{{_root}}'
            eval "$(sed -n '/^sources_hash() {/,/^}/p' '{{Repository.PathOf("build.sh")}}')"
            sources_hash
            GITHUB_ACTION_PATH='{{Path.Combine(_root, "actions", "deploy")}}'
            source '{{Repository.PathOf("actions", "lib", "setup.sh")}}'
            deployer_build_sources_hash
            """;
        Directory.CreateDirectory(Path.Combine(_root, "actions", "deploy"));
        var result = await Cli.Wrap("bash").WithArguments(["-c", script]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0], lines[1]);
    }

    [GeneratedRegex("\"((?:build|src/[^\"]+))\"")]
    private static partial Regex Quoted();
}
