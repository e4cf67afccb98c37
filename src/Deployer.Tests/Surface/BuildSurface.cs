using Deployer.BuildEngine;
using Deployer.Tests.Support;

namespace Deployer.Tests.Surface;

/// <summary>
/// Runs the real build class (build/Build.cs) in process, as ./build.sh would, from the repository root but with a
/// throw-away .nuke/ root so nothing in the work tree is written.
/// </summary>
public sealed class BuildSurface : IDisposable
{
    public BuildSurface()
    {
        Root = Path.Combine(Path.GetTempPath(), "deployer-surface-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
        ResultFile = Path.Combine(Root, "result.json");
    }

    public string Root { get; }
    /// <summary>The --result-file every run is given; a test may point it somewhere hostile.</summary>
    public string ResultFile { get; set; }
    public Dictionary<string, string> Environment { get; } = new() { ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "" };

    /// <summary>The build's clock; an accelerated one lets deploy timeouts of minutes pass in seconds.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>What a person types on the build's terminal; null (the default) is a run with no terminal, as in CI.</summary>
    public string? Terminal { get; set; }

    public SurfaceResult Run(params string[] args) => Run(CancellationToken.None, args);

    public SurfaceResult Run(CancellationToken cancellation, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new BuildContext([.. args, "--root", Root, "--result-file", ResultFile], Environment, Repository.Root, output, error,
            Time, cancellation, Terminal is null ? null : new StringReader(Terminal));
        var exitCode = NukeBuild.Run<Build>(context);
        return new SurfaceResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed record SurfaceResult(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;
}
