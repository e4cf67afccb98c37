using Deployer.Output;
using Deployer.Tests.Support;

namespace Deployer.Tests.Output;

/// <summary>
/// Workflow commands read back the way the GitHub runner reads them: whatever a message, file name or secret holds, the
/// command stays one line, carries exactly that text, and no other command appears.
/// </summary>
public class WorkflowCommandsTests
{
    public static TheoryData<string> Hostile() =>
    [
        "deploy failed\n::add-mask::x",
        "deploy failed\r::error::injected",
        "first line\r\n   ::warning file=a.yml,line=1::injected",
        "100% done, %0A is not a newline, %25 is not a percent",
        "a::b, c=d: e",
        "##[error]legacy form",
        "trailing newline\n",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void An_error_annotation_is_one_command_that_carries_the_message_and_file_exactly(string text)
    {
        var file = "infra/" + text + ".yml";

        var output = WorkflowCommands.Error(text, file, 12);

        Assert.Single(RunnerCommandReader.Lines(output));
        var command = Assert.Single(RunnerCommandReader.Commands(output));
        Assert.Equal("error", command.Name);
        Assert.Equal(text, command.Data);
        Assert.Equal(file, command.Properties["file"]);
        Assert.Equal("12", command.Properties["line"]);
        Assert.Equal(2, command.Properties.Count);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Warnings_and_groups_carry_their_text_on_one_line(string text)
    {
        foreach (var (output, name) in new[] { (WorkflowCommands.Warning(text), "warning"), (WorkflowCommands.Group(text), "group") })
        {
            var command = Assert.Single(RunnerCommandReader.Commands(output));
            Assert.Single(RunnerCommandReader.Lines(output));
            Assert.Equal(name, command.Name);
            Assert.Equal(text, command.Data);
        }
    }

    [Fact]
    public void A_multi_line_secret_is_masked_line_by_line_and_nothing_else_is_commanded()
    {
        const string key = "-----BEGIN KEY-----\r\nabc123\n::error::injected\rlast%0Aline\n";

        var output = string.Join('\n', WorkflowCommands.AddMask([key]));

        var commands = RunnerCommandReader.Commands(output);
        Assert.All(commands, c => Assert.Equal("add-mask", c.Name));
        // The runner masks output line by line and does not split a mask: every line of the value is its own mask.
        Assert.Equal(["-----BEGIN KEY-----", "abc123", "::error::injected", "last%0Aline"], commands.Select(c => c.Data));
        Assert.Equal(commands.Count, RunnerCommandReader.Lines(output).Count);
    }

    [Fact]
    public void A_secret_holding_an_escape_sequence_is_masked_as_it_is_not_as_the_runner_would_unescape_it()
    {
        var command = Assert.Single(RunnerCommandReader.Commands(Assert.Single(WorkflowCommands.AddMask(["pa%25ss%0Dword"]))));

        Assert.Equal("pa%25ss%0Dword", command.Data);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Inert_text_keeps_its_lines_but_none_reads_as_a_command(string text)
    {
        var output = WorkflowCommands.Inert(text);

        Assert.Empty(RunnerCommandReader.Commands(output));
        Assert.DoesNotContain("##[", output);
        Assert.Equal(RunnerCommandReader.Lines(text).Count, RunnerCommandReader.Lines(output).Count);
        Assert.Equal(text, output.Replace("\u200B", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Inert_leaves_ordinary_text_alone()
    {
        const string text = "✗ deploy-ecs:api: RolledBack in 2.3s — circuit breaker: 4 failed task(s)\n  Why: see https://example.com:443/x";

        Assert.Equal(text, WorkflowCommands.Inert(text));
    }
}
