using System.Text;
using Deployer.Execution;
using Deployer.Providers.Ecs;
using Deployer.Runs;

namespace Deployer.Tests.Runs;

public class ConsoleExecutionLogParallelTests
{
    /// <summary>
    /// A console as slow as a runner's: every write meets the other thread's writes at a barrier (when that thread is
    /// writing too), so two writers that are not serialised interleave line by line.
    /// </summary>
    private sealed class InterleavingWriter : TextWriter
    {
        private readonly Barrier _meet = new(2);
        private readonly StringBuilder _text = new();
        public override Encoding Encoding => Encoding.UTF8;
        public string Text { get { lock (_text) return _text.ToString(); } }

        public override void Write(char value) => Write(value.ToString());

        public override void Write(string? value)
        {
            _meet.SignalAndWait(TimeSpan.FromMilliseconds(200));
            lock (_text) _text.Append(value);
        }
    }

    private static DeployEcsServiceStep Step(string service) => new($"deploy-ecs:{service}", [], "shop", new EcsServiceSpec { Name = service, ImageUri = "x" }, null);

    private static StepResult RolledBack(string service) => new(Outcome.RolledBack, "rolled back", null,
        string.Join('\n', Enumerable.Range(1, 4).Select(i => $"{service} event {i}")));

    [Fact]
    public async Task The_forensics_of_parallel_steps_are_printed_each_as_one_whole_block()
    {
        var writer = new InterleavingWriter();
        var log = new ConsoleExecutionLog(writer, annotate: false);

        await Task.WhenAll(
            Task.Run(() => log.StepFinished(Step("backend"), RolledBack("backend"), TimeSpan.FromSeconds(3))),
            Task.Run(() => log.StepFinished(Step("worker"), RolledBack("worker"), TimeSpan.FromSeconds(3))));

        var lines = writer.Text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        foreach (var service in new[] { "backend", "worker" })
        {
            var header = Array.IndexOf(lines, $"  Why deploy-ecs:{service} did not succeed:");
            Assert.True(header > 0, writer.Text);
            Assert.Equal(Enumerable.Range(1, 4).Select(i => $"    {service} event {i}"), lines.Skip(header + 1).Take(4));
            Assert.StartsWith($"✗ deploy-ecs:{service}: RolledBack", lines[header - 1]);
        }
    }
}
