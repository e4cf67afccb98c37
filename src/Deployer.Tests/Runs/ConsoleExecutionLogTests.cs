using Deployer.Providers.Verify;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Runs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Runs;

/// <summary>Under GitHub Actions a failure message or service event from outside cannot inject workflow commands.</summary>
public class ConsoleExecutionLogTests
{
    private static readonly Step Step = new VerifyStep("verify", [], []);
    private const string Message = "health check failed\n::add-mask::x\r::error::injected";

    [Fact]
    public void A_hostile_failure_message_yields_one_error_annotation_that_carries_it_and_no_other_command()
    {
        var output = new StringWriter();
        var log = new ConsoleExecutionLog(output, annotate: true);

        log.StepStarted(Step);
        log.Progress(Step, "polling\n::warning::injected");
        log.StepFinished(Step, StepResult.Of(Outcome.Failed, Message) with { Forensics = "event 1\n  ::group::injected\nevent ##[error]2" }, TimeSpan.FromSeconds(2));

        var command = Assert.Single(RunnerCommandReader.Commands(output.ToString()));
        Assert.Equal("error", command.Name);
        Assert.Equal($"verify: Failed: {Message}", command.Data);
        Assert.DoesNotContain("##[", output.ToString());
        Assert.Contains("health check failed", output.ToString());
    }

    [Fact]
    public void Outside_github_actions_the_text_is_printed_as_it_is()
    {
        var output = new StringWriter();

        new ConsoleExecutionLog(output, annotate: false).StepFinished(Step, StepResult.Of(Outcome.Failed, Message), TimeSpan.Zero);

        Assert.Contains(Message, output.ToString());
    }
}
