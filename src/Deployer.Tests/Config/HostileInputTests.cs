using System.Text.Json;
using System.Text.RegularExpressions;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Config;

/// <summary>Runs alone: a case's memory is measured as the bytes the process allocates while it runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileInputCollection
{
    public const string Name = "hostile input";
}

/// <summary>
/// Every hostile input of <see cref="HostileInputCases"/> through the real build (in process, as ./build.sh runs it), as a
/// dry run and as a real run against nothing: exit 2, the place named, no stack trace, no raw control character, the
/// result file agreeing with the exit code, and neither a hang nor a flood of memory.
/// </summary>
[Collection(HostileInputCollection.Name)]
public sealed partial class HostileInputTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private const long MemoryLimit = 500L * 1024 * 1024;

    public static TheoryData<string> Cases() => new(HostileInputCases.All.Select(c => c.Name));

    [Fact]
    public void The_table_holds_more_than_the_kinds_the_issue_lists()
    {
        Assert.True(HostileInputCases.All.Count >= 74, $"{HostileInputCases.All.Count} cases");
        Assert.Equal(HostileInputCases.All.Count, HostileInputCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_input_is_refused_with_exit_2_naming_its_place_in_a_dry_run(string name) =>
        await RefusedAsync(HostileInputCases.Named(name), dryRun: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_input_is_refused_with_exit_2_naming_its_place_in_a_real_run(string name) =>
        await RefusedAsync(HostileInputCases.Named(name), dryRun: false);

    private static async Task RefusedAsync(HostileCase hostile, bool dryRun)
    {
        using var build = new BuildSurface();
        var config = hostile.Arrange(build.Root);
        if (hostile.ResultFile is { } resultFile) build.ResultFile = resultFile(build.Root);
        else File.WriteAllText(build.ResultFile, """{"outcome":"Succeeded","exitCode":0}""");
        string[] args = [hostile.Target, "--config", config, "--git-sha", Sha, .. hostile.Args, .. dryRun ? ["--dry-run"] : Array.Empty<string>()];
        using var cancellation = new CancellationTokenSource();

        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var run = Task.Run(() => build.Run(cancellation.Token, args));
        var finished = await Task.WhenAny(run, Task.Delay(HangGuard));
        if (finished != run)
        {
            await cancellation.CancelAsync();
            Assert.Fail($"{hostile.Name}: no answer within {HangGuard.TotalSeconds} s");
        }
        var result = await run;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;

        Assert.True(result.ExitCode == 2, $"{hostile.Name}: exit {result.ExitCode}\n{result.All}");
        foreach (var fragment in hostile.Expect) Assert.Contains(fragment, result.All);
        Assert.DoesNotMatch(StackFrame(), result.All);
        Assert.DoesNotContain("Exception", result.All);
        Assert.False(result.All.Any(c => c is '\0' or '\u001b' or '\u202E' or '\u2066' or '\u009B' or '\u0007'), $"{hostile.Name}: a raw control character reached the output");
        Assert.True(allocated < MemoryLimit, $"{hostile.Name}: allocated {allocated / (1024 * 1024)} MB");
        if (hostile.ResultFile is null)
        {
            // The result file says what the exit code says; the previous run's success is not left in place.
            using var written = JsonDocument.Parse(File.ReadAllText(build.ResultFile));
            Assert.Equal(2, written.RootElement.GetProperty("exitCode").GetInt32());
        }
    }

    [GeneratedRegex(@"^\s+at \S+.*\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
