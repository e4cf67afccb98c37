using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Actions;

/// <summary>
/// Hostile multi-line inputs through a whole action, read as the runner reads the log: a value whose later lines are
/// workflow commands (<c>::add-mask::</c>, <c>::error::</c>, even indented) must not become commands of its own.
/// </summary>
public sealed class WorkflowCommandInjectionTests(ITestOutputHelper output) : IDisposable
{
    private const string Hostile = "x\n::add-mask::x\n  ::error::injected\n::stop-commands::pause";
    private readonly CompositeActionRunner _runner = new(Repository.PathOf("actions", "dry-run")) { Log = output.WriteLine };

    public void Dispose() => _runner.Dispose();

    [Theory]
    [InlineData("environment")]
    [InlineData("git-sha")]
    [InlineData("target")]
    [InlineData("comment-on-pr")]
    public async Task A_multi_line_input_is_reported_in_one_annotation_and_injects_no_command(string input)
    {
        var with = new Dictionary<string, string> { ["environment"] = "production", ["config"] = "examples/saas/deploy.yml", [input] = Hostile };

        var run = await _runner.RunAsync(with);

        Assert.Equal(2, run.ExitCode);
        var command = Assert.Single(run.Commands);
        Assert.Equal("error", command.Name);
        Assert.Equal($"Invalid input '{input}'", command.Properties["title"]);
        Assert.Contains($"(got '{Hostile}')", command.Data);
        Assert.Empty(run.Masks);
    }

    [Fact]
    public async Task A_secret_is_masked_line_by_line_as_written_even_when_it_holds_escape_sequences()
    {
        // An invalid environment stops the action right after the masking step: nothing else needs to run.
        var with = new Dictionary<string, string> { ["environment"] = "", ["github-token"] = "ghs_first%0Aline\nsecond%25line" };

        var run = await _runner.RunAsync(with);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["ghs_first%0Aline", "second%25line"], run.Masks);
        Assert.Equal(["add-mask", "add-mask", "error"], run.Commands.Select(c => c.Name));
    }
}
