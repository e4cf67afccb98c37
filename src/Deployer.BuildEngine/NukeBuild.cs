using System.Linq.Expressions;
using System.Runtime.InteropServices;

namespace Deployer.BuildEngine;

/// <summary>
/// Base class of a build: derive, declare <see cref="Target"/> properties and <see cref="ParameterAttribute"/>
/// members, and call <see cref="Execute{T}"/> from <c>Main</c>. Mirrors NUKE's <c>NukeBuild</c>.
/// </summary>
public abstract class NukeBuild
{
    private BuildContext? _context;
    private string? _rootDirectory;

    /// <summary>The injected environment, working directory, writers, clock and cancellation.</summary>
    public BuildContext Context => _context ?? throw NotRunning();

    /// <summary>The folder holding <c>.nuke/</c>, or <c>--root</c>.</summary>
    public string RootDirectory => _rootDirectory ?? throw NotRunning();

    /// <summary><c>RootDirectory/.nuke/temp</c>, created on first use; git-ignored.</summary>
    public string TemporaryDirectory => Directory.CreateDirectory(Path.Combine(RootDirectory, ".nuke", "temp")).FullName;

    /// <summary>True under GitHub Actions or any CI that sets <c>CI=true</c>.</summary>
    public bool IsServerBuild => Context.IsTrue("GITHUB_ACTIONS") || Context.IsTrue("CI");

    /// <summary>Set by a target to choose the process exit code (e.g. a distinct code per deploy outcome).</summary>
    public int? ExitCode { get; set; }

    /// <summary>
    /// Sends the engine's progress (target headers, summary) to standard error, so that standard output carries only
    /// what the targets write, such as a JSON document. Set it in <see cref="OnBuildInitialized"/>.
    /// </summary>
    public bool LogToStandardError { get; protected set; }

    /// <summary>Cancelled on SIGINT/SIGTERM; pass it to every long-running call.</summary>
    public CancellationToken CancellationToken => Context.Cancellation;

    public Verbosity Verbosity { get; internal set; } = Verbosity.Normal;

    /// <summary>Runs after parameters are injected and before requirements are checked.</summary>
    protected virtual void OnBuildInitialized() { }

    /// <summary>Runs after the last target, whatever the outcome, before the summary.</summary>
    protected virtual void OnBuildFinished() { }

    internal void Initialize(BuildContext context, string rootDirectory)
    {
        _context = context;
        _rootDirectory = rootDirectory;
    }

    internal void RaiseBuildInitialized() => OnBuildInitialized();
    internal void RaiseBuildFinished() => OnBuildFinished();

    /// <summary>
    /// Process entry point: <c>public static int Main() => Execute&lt;Build&gt;(x => x.Test);</c>.
    /// The only place that reads the real process (arguments, environment, console, signals).
    /// </summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new()
    {
        using var cancellation = new CancellationTokenSource();
        void Cancel(PosixSignalContext signal)
        {
            // The first signal cancels gracefully; a second one is left to terminate the process.
            if (cancellation.IsCancellationRequested)
                return;
            signal.Cancel = true;
            cancellation.Cancel();
        }

        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            if (cancellation.IsCancellationRequested)
                return;
            e.Cancel = true;
            cancellation.Cancel();
        }

        Console.CancelKeyPress += OnCancelKeyPress;
        PosixSignalRegistration? sigterm = null;
        try
        {
            sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        }
        catch (PlatformNotSupportedException)
        {
            // Windows has no SIGTERM; Ctrl+C above still cancels.
        }

        try
        {
            var args = Environment.GetCommandLineArgs().Skip(1).ToArray();
            return Run(BuildContext.FromProcess(args, cancellation.Token), defaultTargets);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
            sigterm?.Dispose();
        }
    }

    /// <summary>Runs a build with everything injected; returns the process exit code.</summary>
    public static int Run<T>(BuildContext context, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new()
    {
        ArgumentNullException.ThrowIfNull(context);
        var defaults = defaultTargets.Select(expression =>
        {
            var compiled = expression.Compile();
            return (Func<NukeBuild, Target>)(build => compiled((T)build));
        }).ToList();
        // Off the caller's synchronization context, so async targets cannot deadlock a blocking caller.
        return Task.Run(() => new BuildSession(context).Run(() => new T(), defaults)).GetAwaiter().GetResult();
    }

    private static InvalidOperationException NotRunning() =>
        new("The build is not running: this member is available once the engine has started the build.");
}
