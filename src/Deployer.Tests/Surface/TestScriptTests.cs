using CliWrap;
using CliWrap.Buffered;
using Deployer.Tests.Support;

namespace Deployer.Tests.Surface;

/// <summary>
/// ./test.sh, the README's test command, run from a copy of it in a temporary folder against fake apt-get, dpkg-query,
/// sudo, id, npm and dotnet on a PATH that holds nothing else but the few programs the script uses: what it installs,
/// what it skips on a second run, what it passes to dotnet test, and the closing line it prints.
/// </summary>
public sealed class TestScriptTests : IDisposable
{
    private static readonly string[] Packages =
        ["git", "ca-certificates", "buildah", "podman", "runc", "docker-registry", "apache2-utils", "busybox-static", "postgresql", "python3-alembic", "python3-psycopg2", "python3-venv", "python3-pytest", "openssh-server", "openssh-client", "nginx", "caddy", "wrk"];

    private const string DotnetSummary = """
        Starting test execution, please wait...
        Failed Deployer.Tests.Something.It_works [12 ms]

        Failed!  - Failed:     1, Passed:    12, Skipped:     2, Total:    15, Duration: 3 s - Deployer.Tests.dll (net10.0)
        """;

    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "deployer-test-sh-" + Guid.NewGuid().ToString("N"))).FullName;
    private string Bin => Path.Combine(_root, "bin");
    private string Calls => Path.Combine(_root, "calls");

    public TestScriptTests()
    {
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        File.Copy(Repository.PathOf("test.sh"), Path.Combine(work, "test.sh"));
        File.WriteAllText(Path.Combine(work, "package-lock.json"), "{ \"lockfileVersion\": 3 }\n");
        File.WriteAllText(Calls, "");
        Directory.CreateDirectory(Bin);
        foreach (var program in new[] { "bash", "env", "dirname", "sha256sum", "cut", "cat", "grep", "tee", "mktemp", "rm", "tail", "mkdir" })
            File.CreateSymbolicLink(Path.Combine(Bin, program), Which(program));

        // Each fake records how it was called; dpkg-query answers from FAKE_INSTALLED, dotnet test prints FAKE_OUTPUT.
        Fake("dpkg-query", """for p in $FAKE_INSTALLED; do [ "$p" = "$3" ] && { printf installed; exit 0; }; done; printf not-installed""");
        Fake("apt-get", """echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >>"$CALLS" """);
        Fake("id", """echo "$FAKE_UID" """);
        Fake("npm", """echo "npm $*" >>"$CALLS"; mkdir -p node_modules""");
        Fake("dotnet", """echo "dotnet $*" >>"$CALLS"; [ "$1" = test ] || exit 0; cat "$FAKE_OUTPUT"; exit "$FAKE_EXIT" """);
        Fake("node", "exit 0");
        Fake("cargo", "exit 0"); // on PATH, as on a machine with rustup; without it test.sh adds Debian's cargo
        Fake("moto_server", "exit 0");
        Fake("aws", "exit 0");
        File.WriteAllText(Path.Combine(_root, "dotnet-output"), DotnetSummary);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task When_nothing_is_missing_a_second_run_installs_nothing_and_prints_the_summary_line()
    {
        var first = await RunAsync(installed: Packages, arguments: ["--filter", "FullyQualifiedName~Surface"]);
        var second = await RunAsync(installed: Packages, arguments: ["--no-build"]);

        Assert.Equal(1, first.ExitCode); // dotnet test's own status
        Assert.EndsWith("12 passed, 1 failed, 2 skipped\n", first.StandardOutput);
        Assert.EndsWith("12 passed, 1 failed, 2 skipped\n", second.StandardOutput);
        Assert.Equal(
        [
            "npm ci --no-audit --no-fund", "dotnet tool restore", "dotnet test src/Deployer.Tests --filter FullyQualifiedName~Surface",
            "dotnet tool restore", "dotnet test src/Deployer.Tests --no-build",
        ], CallLines());
    }

    [Fact]
    public async Task Npm_ci_runs_again_when_package_lock_json_changed()
    {
        await RunAsync(installed: Packages);
        File.AppendAllText(Path.Combine(_root, "work", "package-lock.json"), "\n");
        await RunAsync(installed: Packages);

        Assert.Equal(2, CallLines().Count(line => line.StartsWith("npm ci", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task As_root_only_the_missing_packages_are_installed_with_apt_get()
    {
        var result = await RunAsync(installed: Packages.Except(["buildah", "postgresql"]));

        Assert.True(result.ExitCode == 1, result.StandardError);
        Assert.Contains("installing missing Debian packages: buildah postgresql", result.StandardOutput);
        Assert.Equal(
        [
            "apt-get update -qq DEBIAN_FRONTEND=noninteractive",
            "apt-get install -y -qq --no-install-recommends buildah postgresql DEBIAN_FRONTEND=noninteractive",
        ], CallLines().Where(line => line.StartsWith("apt-get", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_user_who_is_not_root_installs_through_sudo()
    {
        Fake("sudo", """echo "sudo $1" >>"$CALLS"; exec "$@" """);

        await RunAsync(installed: Packages.Except(["runc"]), uid: "1000");

        Assert.Equal(["sudo env", "apt-get update -qq DEBIAN_FRONTEND=noninteractive", "sudo env",
            "apt-get install -y -qq --no-install-recommends runc DEBIAN_FRONTEND=noninteractive"], CallLines().Take(4));
    }

    [Fact]
    public async Task Without_root_or_sudo_it_names_the_missing_packages_and_runs_nothing()
    {
        var result = await RunAsync(installed: Packages.Except(["podman"]), uid: "1000");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: missing Debian packages: podman. Installing them needs root: run ./test.sh as root, install sudo, or run: apt-get install podman",
            result.StandardError);
        Assert.Empty(CallLines());
    }

    [Fact]
    public async Task A_missing_moto_server_is_named_with_where_it_comes_from()
    {
        File.Delete(Path.Combine(Bin, "moto_server"));

        var result = await RunAsync(installed: Packages);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: moto_server is not on PATH; it comes with the machine's Python", result.StandardError);
        Assert.Empty(CallLines());
    }

    [Fact]
    public async Task When_dotnet_test_prints_no_summary_the_closing_line_says_so_with_its_exit_code()
    {
        File.WriteAllText(Path.Combine(_root, "dotnet-output"), "error CS1002: ; expected\n");

        var result = await RunAsync(installed: Packages, dotnetExit: 1);

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("dotnet test printed no test summary (exit code 1)\n", result.StandardOutput);
    }

    private async Task<BufferedCommandResult> RunAsync(IEnumerable<string> installed, string uid = "0", int dotnetExit = 1, string[]? arguments = null) =>
        await Cli.Wrap(Path.Combine(Bin, "bash"))
            .WithArguments([Path.Combine(_root, "work", "test.sh"), .. arguments ?? []])
            .WithEnvironmentVariables(new Dictionary<string, string?>
            {
                ["PATH"] = Bin,
                ["CALLS"] = Calls,
                ["FAKE_INSTALLED"] = string.Join(' ', installed),
                ["FAKE_UID"] = uid,
                ["FAKE_OUTPUT"] = Path.Combine(_root, "dotnet-output"),
                ["FAKE_EXIT"] = dotnetExit.ToString(),
                ["DEBIAN_FRONTEND"] = null,
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();

    private string[] CallLines() => File.ReadAllLines(Calls);

    private void Fake(string name, string body)
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{program} is not on PATH");
}
