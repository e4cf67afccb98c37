using Deployer.Providers.Images;
using Deployer.Secrets;

namespace Deployer.Tests.Providers.Images;

/// <summary>The runner against real processes (/bin/sh).</summary>
public sealed class ContainerCommandRunnerTests
{
    [Fact]
    public async Task Output_lines_stream_as_they_arrive_and_are_captured_with_the_exit_code()
    {
        var lines = new List<string>();
        var runner = new ContainerCommandRunner(lines.Add);

        var result = await runner.RunAsync(new ContainerCommand("/bin/sh", ["-c", "echo one; echo two >&2; exit 3"]), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("one\n", result.StandardOutput);
        Assert.Equal("two\n", result.StandardError);
        Assert.Equal("$ /bin/sh -c 'echo one; echo two >&2; exit 3'", lines[0]);
        Assert.Equal(["one", "two"], lines.Skip(1).Order(StringComparer.Ordinal)); // stdout and stderr interleave freely
    }

    [Fact]
    public async Task Standard_input_and_environment_reach_the_process_and_known_secrets_are_scrubbed_from_output()
    {
        var secrets = new SecretValues();
        secrets.Add("s3cret-from-stdin");
        var lines = new List<string>();
        var command = new ContainerCommand("/bin/sh", ["-c", "read line; echo \"got $line in $CONFIG_DIR\""])
        {
            StandardInput = new Secret("s3cret-from-stdin"),
        }.WithEnvironment("CONFIG_DIR", "/run/deployer-auth");

        var result = await new ContainerCommandRunner(lines.Add, secrets).RunAsync(command, CancellationToken.None);

        Assert.Equal("got [REDACTED] in /run/deployer-auth\n", result.StandardOutput);
        Assert.DoesNotContain(lines, l => l.Contains("s3cret-from-stdin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_kills_the_process_and_its_children()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), "deployer-runner-" + Guid.NewGuid().ToString("N"));
        using var cancellation = new CancellationTokenSource();
        var runner = new ContainerCommandRunner(line => { if (line == "started") cancellation.CancelAfter(100); });
        try
        {
            var run = runner.RunAsync(new ContainerCommand("/bin/sh", ["-c", $"sleep 60 & echo $! > {pidFile}; echo started; wait"]), cancellation.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

            var child = int.Parse(File.ReadAllText(pidFile).Trim());
            await WaitUntilGoneAsync(child);
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    private static async Task WaitUntilGoneAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status) || File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z'))) return;
            await Task.Delay(50);
        }
        Assert.Fail($"child process {pid} still runs after cancellation");
    }
}
