using Deployer.Providers.Coolify;

namespace Deployer.Tests.Providers.Coolify;

public sealed class CoolifyLogsTests
{
    [Fact]
    public void The_last_lines_leave_out_hidden_entries_and_mark_stderr()
    {
        const string logs = """
            [{"command":null,"output":"Starting deployment.","type":"stdout","timestamp":"2026-12-05T13:00:00.000000Z","hidden":false,"batch":1,"order":1},
             {"command":"docker rm -f x","output":"x","type":"stdout","timestamp":"2026-12-05T13:00:01.000000Z","hidden":true,"batch":1,"order":2},
             {"command":null,"output":"step 1\nstep 2\n","type":"stdout","timestamp":"2026-12-05T13:00:02.000000Z","hidden":false,"batch":1,"order":3},
             {"command":null,"output":"error: build failed","type":"stderr","timestamp":"2026-12-05T13:00:03.000000Z","hidden":false,"batch":1,"order":4}]
            """;

        Assert.Equal(["step 1", "step 2", "! error: build failed"], CoolifyLogs.LastLines(logs, 3));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    public void No_log_gives_no_lines(string? logs) => Assert.Empty(CoolifyLogs.LastLines(logs, 5));

    [Fact]
    public void A_log_that_is_not_json_is_shown_as_text() =>
        Assert.Equal(["b", "c"], CoolifyLogs.LastLines("a\nb\nc", 2));
}
