using System.Linq.Expressions;
using Deployer.BuildEngine;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.BuildEngine;

/// <summary>A throw-away repository root with <c>.nuke/</c>, and a way to run a build class in it.</summary>
public sealed class BuildFixture : IDisposable
{
    public BuildFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "deployer-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(NukeDirectory);
        WorkingDirectory = Root;
    }

    public string Root { get; }
    public string NukeDirectory => Path.Combine(Root, ".nuke");
    public string WorkingDirectory { get; set; }
    public Dictionary<string, string> Environment { get; } = [];
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 11, 24, 9, 30, 0, TimeSpan.Zero));
    public CancellationToken Cancellation { get; set; }

    public void WriteParameters(string fileName, string json) => File.WriteAllText(Path.Combine(NukeDirectory, fileName), json);

    public BuildResult Run<T>(params string[] args) where T : NukeBuild, new() => Run<T>(args, []);

    public BuildResult Run<T>(string[] args, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new BuildContext(args, Environment, WorkingDirectory, output, error, Time, Cancellation);
        var exitCode = NukeBuild.Run(context, defaultTargets);
        return new BuildResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed record BuildResult(int ExitCode, string Out, string Error)
{
    /// <summary>What the targets recorded, in order (see <see cref="RecordingBuild.Record"/>).</summary>
    public IReadOnlyList<string> Log =>
        Out.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("» ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();

    public string All => Out + Error;

    /// <summary>The summary row of a target, e.g. <c>Deploy  Failed  00:03</c>.</summary>
    public string SummaryRow(string target) =>
        Out.Split('\n').Select(l => l.TrimEnd('\r')).Last(l => l.StartsWith(target + " ", StringComparison.Ordinal));

    public string StatusOf(string target) => SummaryRow(target)[target.Length..].Trim().Split(' ')[0];
}

/// <summary>Base for the test builds: targets record what ran through the build's own output.</summary>
public abstract class RecordingBuild : NukeBuild
{
    public void Record(string entry) => Context.Out.WriteLine("» " + entry);

    /// <summary>Lets a target take time on the injected clock.</summary>
    protected void Elapse(TimeSpan duration) => ((FakeTimeProvider)Context.Time).Advance(duration);
}
