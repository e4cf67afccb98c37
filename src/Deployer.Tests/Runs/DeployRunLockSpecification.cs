using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Releases;
using Deployer.Runs;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Runs;

/// <summary>
/// Two runs of one app and environment at once: the second waits, then fails naming the first; an expired lock is taken
/// over; the lock is released however a run ends; a dry run never takes it. Run against the local lock directory
/// (<see cref="LocalDeployRunLockTests"/>) and the GitHub lock refs (<see cref="GitHubDeployRunLockTests"/>).
/// </summary>
public abstract class DeployRunLockSpecification : IAsyncLifetime
{
    protected const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Description = """
        app: shop
        environments:
          production:
            vercel:
              - { project: shop-web, directory: web }
        """;
    private static readonly LockTiming Short = new(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50));

    protected readonly string Root = Directory.CreateTempSubdirectory("deployer-lock-").FullName;
    private IDeployLocks? _locks;

    private IDeployLocks Locks => _locks ?? throw new InvalidOperationException("not initialised");

    /// <summary>The store both runs lock in.</summary>
    protected abstract Task<IDeployLocks> CreateLocksAsync();

    /// <summary>The lock of shop/production as stored, read around the store under test; null when there is none.</summary>
    protected abstract LockHolder? Stored();

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(Root, "deploy.yml"), Description);
        _locks = await CreateLocksAsync();
    }

    public virtual Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_second_run_waits_then_fails_naming_the_holder_and_changes_nothing()
    {
        var first = new Runner(Root, Locks, "alice", Short);
        var gate = first.Blocking();
        var running = first.RunAsync();
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var second = new Runner(Root, Locks, "bob", Short);
        var exitCode = await second.RunAsync();

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Empty(second.Handler.Ran);
        Assert.Contains("waiting up to 0.3 s for the deployment lock of shop/production, held by alice@build-host (sha 0123456789ab, since ", second.Log);
        Assert.Contains("shop/production is being deployed by alice@build-host (sha 0123456789ab, since ", second.Log);
        Assert.Contains("nothing was changed", second.Log);

        gate.Release.SetResult();
        Assert.Equal(ExitCodes.Success, await running);
        Assert.Null(Stored());
    }

    [Fact]
    public async Task A_second_run_that_may_wait_long_enough_deploys_after_the_first_not_beside_it()
    {
        var first = new Runner(Root, Locks, "alice", Short);
        var gate = first.Blocking();
        var running = first.RunAsync();
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var second = new Runner(Root, Locks, "bob", Short with { Wait = TimeSpan.FromSeconds(30) });
        var waiting = second.RunAsync();
        await Eventually(() => second.Log.Contains("waiting up to 30 s"));
        Assert.Empty(second.Handler.Ran);

        gate.Release.SetResult();
        Assert.Equal(ExitCodes.Success, await running);
        Assert.Equal(ExitCodes.Success, await waiting);
        Assert.Equal(["deploy-vercel:shop-web"], second.Handler.Ran);
        Assert.Null(Stored());
    }

    [Fact]
    public async Task A_workflow_run_holds_the_lock_under_its_run_url()
    {
        var first = new Runner(Root, Locks, "runner", Short, new Dictionary<string, string>
        {
            ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_REPOSITORY"] = "acme/shop", ["GITHUB_RUN_ID"] = "4242",
        });
        var gate = first.Blocking();
        var running = first.RunAsync();
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var held = Stored()!;
        gate.Release.SetResult();
        await running;

        Assert.Equal(("https://github.com/acme/shop/actions/runs/4242", Sha), (held.Owner, held.Sha));
    }

    [Fact]
    public async Task An_expired_lock_is_taken_over_and_the_run_says_whose_it_was()
    {
        var longAgo = DateTimeOffset.UtcNow.AddHours(-2);
        await Locks.ClaimAsync("shop", "production", new LockHolder("dead", "carol@laptop", "fedcba9876543210", longAgo, longAgo.AddMinutes(5)), default);

        var run = new Runner(Root, Locks, "bob", Short);
        var exitCode = await run.RunAsync();

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("took over the expired deployment lock of shop/production held by carol@laptop (sha fedcba987654, since ", run.Log);
        Assert.Null(Stored());
    }

    [Fact]
    public async Task The_lock_is_released_when_a_step_fails()
    {
        var run = new Runner(Root, Locks, "bob", Short, handler: new StubStepHandler(_ => true, _ => StepResult.Of(Outcome.Failed, "boom")));

        Assert.Equal(ExitCodes.Failed, await run.RunAsync());
        Assert.Null(Stored());
    }

    [Fact]
    public async Task The_lock_is_released_when_the_run_is_cancelled()
    {
        var run = new Runner(Root, Locks, "bob", Short);
        var gate = run.Blocking();
        using var cancel = new CancellationTokenSource();
        var running = run.RunAsync(cancel.Token);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(Stored());

        await cancel.CancelAsync();

        Assert.Equal(ExitCodes.Cancelled, await running);
        Assert.Null(Stored());
    }

    [Fact]
    public async Task A_dry_run_never_takes_or_waits_for_the_lock()
    {
        var soon = DateTimeOffset.UtcNow;
        var other = new LockHolder("live", "alice@build-host", Sha, soon, soon.AddHours(1));
        await Locks.ClaimAsync("shop", "production", other, default);
        var before = Stored();

        var run = new Runner(Root, Locks, "bob", Short, dryRun: true);

        Assert.Equal(ExitCodes.Success, await run.RunAsync());
        Assert.Equal(before, Stored());
        Assert.DoesNotContain("lock", run.Log);
    }

    [Fact]
    public async Task Force_unlock_breaks_a_held_lock_says_whose_it_was_and_deploys()
    {
        var soon = DateTimeOffset.UtcNow;
        await Locks.ClaimAsync("shop", "production", new LockHolder("stuck", "alice@build-host", Sha, soon, soon.AddHours(1)), default);

        var run = new Runner(Root, Locks, "bob", Short, forceUnlock: true);

        Assert.Equal(ExitCodes.Success, await run.RunAsync());
        Assert.Contains("--force-unlock: broke the deployment lock of shop/production held by alice@build-host (sha 0123456789ab, since ", run.Log);
        Assert.Equal(["deploy-vercel:shop-web"], run.Handler.Ran);
        Assert.Null(Stored());
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }

    /// <summary>One run of the description, as <paramref name="user"/> on build-host, whose step may be held open.</summary>
    private sealed class Runner(string root, IDeployLocks locks, string user, LockTiming timing, Dictionary<string, string>? environment = null,
        bool dryRun = false, bool forceUnlock = false, StubStepHandler? handler = null)
    {
        private readonly StringWriter _log = new();
        private Gate? _gate;

        public StubStepHandler Handler { get; } = handler ?? new StubStepHandler(_ => true);

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        public sealed record Gate(TaskCompletionSource Entered, TaskCompletionSource Release);

        /// <summary>The step waits for <see cref="Gate.Release"/> (or cancellation) after it starts.</summary>
        public Gate Blocking() => _gate = new Gate(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public Task<int> RunAsync(CancellationToken cancellationToken = default)
        {
            var settings = new RunSettings("deploy.yml", "production", dryRun, OutputFormat.Text, Sha, Path.Combine(root, $"result-{user}.json"), root,
                ForceUnlock: forceUnlock, Lock: timing);
            IStepHandler stepHandler = _gate is null ? Handler : new BlockingHandler(Handler, _gate);
            var providers = new StandInProviders(new ProviderSet([stepHandler], [], new Dictionary<string, string>()));
            var env = new Dictionary<string, string>(environment ?? []) { ["USER"] = user };
            var log = TextWriter.Synchronized(new LockedWriter(_log));
            var context = new RunContext(log, log, env, new SecretValues(), TimeProvider.System, providers, Locks: locks, Machine: "build-host");
            return Task.Run(() => new DeployRun(settings, context).DeployAsync(null, PlanMode.Release, _ => true, cancellationToken));
        }
    }

    private sealed class LockedWriter(StringWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;
        public override void Write(char value) { lock (inner) inner.Write(value); }
        public override void Write(string? value) { lock (inner) inner.Write(value); }
        public override void WriteLine(string? value) { lock (inner) inner.WriteLine(value); }
    }

    private sealed class BlockingHandler(StubStepHandler inner, Runner.Gate gate) : IStepHandler
    {
        public bool Handles(Step step) => inner.Handles(step);

        public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
        {
            gate.Entered.TrySetResult();
            try
            {
                await gate.Release.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return StepResult.Of(Outcome.Cancelled, "cancelled");
            }
            return await inner.RunAsync(step, state, cancellationToken);
        }

        public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
            Task.FromResult<StepResult?>(null);
    }

    private sealed class StandInProviders(ProviderSet set) : IProviderFactory
    {
        public Task<ProviderSet> CreateAsync(ProviderRequest request, CancellationToken cancellationToken) => Task.FromResult(set);
    }
}
