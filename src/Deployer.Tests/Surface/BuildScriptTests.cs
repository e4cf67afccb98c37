using CliWrap;
using CliWrap.Buffered;
using Deployer.Tests.Support;

namespace Deployer.Tests.Surface;

/// <summary>
/// build.sh and build.ps1 side by side, each copied into a small tree shaped like this repository (build/, src/Deployer,
/// global.json and the two props files) with a fake `dotnet` first on PATH: it records each compile and, started on
/// the compiled build, prints the arguments it got and exits with FAKE_EXIT. So the two scripts' compile-or-skip
/// decision, argument passing and exit codes are compared without compiling anything.
/// </summary>
public sealed class BuildScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("deployer-bootstrap-").FullName;
    private string Tree => Path.Combine(_root, "repo");
    private string Compiles => Path.Combine(_root, "compiles");
    private string Stamp => Path.Combine(Tree, ".nuke", "temp", "build.stamp");

    public BuildScriptTests()
    {
        foreach (var (file, text) in new[]
                 {
                     ("build/_build.csproj", "<Project />"), ("build/Build.cs", "class Build {}"), ("build/_Targets.cs", "// targets"),
                     ("build/bin/Ignored.cs", "// compiled output is not a source"), ("src/Deployer/Deployer.csproj", "<Project />"),
                     ("src/Deployer/Plan.cs", "class Plan {}"), ("src/Deployer/obj/Generated.cs", "// neither"),
                     ("global.json", "{}"), ("Directory.Build.props", "<Project />"), ("Directory.Packages.props", "<Project />"),
                 })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Tree, file))!);
            File.WriteAllText(Path.Combine(Tree, file), text);
        }
        foreach (var script in new[] { "build.sh", "build.ps1" }) File.Copy(Repository.PathOf(script), Path.Combine(Tree, script));
        File.WriteAllText(Compiles, "");
        var bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), """
            #!/bin/sh
            case "$1" in
              --version) [ -z "$FAKE_BROKEN" ] || { echo 'A compatible .NET SDK was not found.' >&2; exit 145; }; echo 10.0.100 ;;
              build) echo "build $2" >>"$COMPILES"; [ -z "$FAKE_COMPILE_FAILS" ] || exit 7; mkdir -p "${2%/*}/bin"; : >"${2%/*}/bin/_build.dll" ;;
              *) shift; for argument in "$@"; do printf 'argument:%s\n' "$argument"; done; exit "${FAKE_EXIT:-0}" ;;
            esac
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> Scripts() => BuildScript.Scripts();

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task The_first_run_compiles_and_later_runs_start_the_build_without_compiling_until_a_source_changes(string script)
    {
        await RunAsync(script, "--help");
        await RunAsync(script, "--help");
        var stamp = File.ReadAllText(Stamp);
        File.AppendAllText(Path.Combine(Tree, "src", "Deployer", "Plan.cs"), "// changed");
        await RunAsync(script, "--help");
        File.WriteAllText(Path.Combine(Tree, "build", "bin", "Ignored.cs"), "// compiled output changes on every build");
        await RunAsync(script, "--help");

        Assert.Equal(2, File.ReadAllLines(Compiles).Length);
        Assert.All(File.ReadAllLines(Compiles), line => Assert.Equal($"build {Path.Combine(Tree, "build", "_build.csproj")}", line));
        Assert.NotEqual(stamp, File.ReadAllText(Stamp));
    }

    [Fact]
    public async Task Either_script_starts_without_compiling_what_the_other_compiled_and_both_stamp_the_actions_cache_hash()
    {
        await RunAsync("build.sh", "--help");
        var stamp = File.ReadAllText(Stamp).Trim();
        await RunAsync("build.ps1", "--help");
        File.Delete(Stamp);
        await RunAsync("build.ps1", "--help");
        await RunAsync("build.sh", "--help");

        Assert.Equal(2, File.ReadAllLines(Compiles).Length); // the first start of each script after the stamp was missing
        Assert.Equal(stamp, File.ReadAllText(Stamp).Trim());
        Assert.Equal(stamp, await ActionsCacheHashAsync());
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Targets_and_parameters_reach_the_build_as_written(string script)
    {
        string[] arguments = ["DeployProduction", "--dry-run", "--config", "my app/deploy.yml", "", "-h", "-Verbose", "-ErrorAction", "x", "it's \"quoted\"", "--skip"];

        var result = await RunAsync(script, arguments);

        Assert.Equal(arguments.Select(a => $"argument:{a}"), result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("build.sh", 0)]
    [InlineData("build.sh", 2)]
    [InlineData("build.sh", 3)]
    [InlineData("build.sh", 130)]
    [InlineData("build.ps1", 0)]
    [InlineData("build.ps1", 2)]
    [InlineData("build.ps1", 3)]
    [InlineData("build.ps1", 130)]
    public async Task The_exit_code_is_the_builds(string script, int exitCode)
    {
        var result = await RunAsync(script, ["Deploy"], ("FAKE_EXIT", exitCode.ToString()));

        Assert.Equal(exitCode, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_failed_compile_stops_with_the_compilers_exit_code_and_leaves_no_stamp(string script)
    {
        var result = await RunAsync(script, ["Deploy"], ("FAKE_COMPILE_FAILS", "1"));

        Assert.Equal(7, result.ExitCode);
        Assert.DoesNotContain("argument:", result.StandardOutput);
        Assert.False(File.Exists(Stamp));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_dotnet_on_path_that_does_not_work_is_named_and_nothing_runs(string script)
    {
        var result = await RunAsync(script, ["Deploy"], ("FAKE_BROKEN", "1"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {Path.Combine(_root, "bin", "dotnet")} does not work: A compatible .NET SDK was not found.", result.StandardError);
        Assert.Empty(File.ReadAllLines(Compiles));
    }

    private Task<BufferedCommandResult> RunAsync(string script, params string[] arguments) => RunAsync(script, arguments, []);

    private async Task<BufferedCommandResult> RunAsync(string script, string[] arguments, params (string Name, string Value)[] environment)
    {
        var line = BuildScript.CommandLine(script, Tree);
        var variables = new Dictionary<string, string?>
        {
            ["PATH"] = $"{Path.Combine(_root, "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
            ["COMPILES"] = Compiles,
        };
        foreach (var (name, value) in environment) variables[name] = value;
        return await Cli.Wrap(line[0])
            .WithArguments([.. line[1..], .. arguments])
            .WithEnvironmentVariables(variables)
            .WithWorkingDirectory(Repository.Root)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
    }

    // actions/lib/setup.sh's deployer_build_sources_hash on the same tree: the key the actions cache the build under.
    private async Task<string> ActionsCacheHashAsync()
    {
        Directory.CreateDirectory(Path.Combine(Tree, "actions", "deploy"));
        var result = await Cli.Wrap("bash")
            .WithArguments(["-c", $"source '{Repository.PathOf("actions", "lib", "setup.sh")}'; deployer_build_sources_hash"])
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["GITHUB_ACTION_PATH"] = Path.Combine(Tree, "actions", "deploy") })
            .ExecuteBufferedAsync();
        return result.StandardOutput.Trim();
    }
}
