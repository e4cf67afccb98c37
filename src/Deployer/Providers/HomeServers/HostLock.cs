using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// What a run brings to the lock and audit log of each host: the app, who deploys (the workflow run's URL, else
/// user@machine), the commit, whether --force-unlock breaks a lock first, and how long to wait for a live holder.
/// <see cref="TimeToLive"/> overrides the host's <c>lockTtlMinutes</c> (tests use seconds).
/// </summary>
public sealed record HostLocking(string App, string Owner, string Sha, bool ForceUnlock, Action<Step, string> Say)
{
    public TimeSpan Wait { get; init; } = LockTiming.Default.Wait;
    public TimeSpan Poll { get; init; } = LockTiming.Default.Poll;
    public TimeSpan? TimeToLive { get; init; }

    public LockTiming TimingFor(HomeServerSpec server) => new(TimeToLive ?? TimeSpan.FromMinutes(server.LockTtlMinutes), Wait, Poll);
}

/// <summary>
/// A run's hold on one host: the host's deployment lock (renewed by <see cref="DeployLease"/> until disposed) and the
/// audit log every action of the run is appended to. <see cref="Unlocked"/> takes no lock and writes no log.
/// </summary>
public sealed class HostLock : IAsyncDisposable
{
    private readonly HostAudit? _audit;
    private readonly DeployLease? _lease;
    private readonly HostLocking? _locking;
    private readonly Step? _step;
    private readonly TimeProvider _time;

    private HostLock(HostAudit? audit, DeployLease? lease, HostLocking? locking, Step? step, TimeProvider time) =>
        (_audit, _lease, _locking, _step, _time) = (audit, lease, locking, step, time);

    public static HostLock Unlocked { get; } = new(null, null, null, null, TimeProvider.System);

    /// <summary>Takes the host's lock for <paramref name="step"/>, or says why not (Failed or Cancelled, nothing changed).</summary>
    public static async Task<(HostLock? Lock, StepResult? Refusal)> AcquireAsync(IHomeHost host, DeployHomeServerStep step, HostLocking? locking,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (locking is null) return (Unlocked, null);
        var locks = new HostDeployLocks(host);
        var audit = new HostAudit(host);
        var timing = locking.TimingFor(step.Server);
        var said = new List<string>();
        void Say(string line)
        {
            said.Add(line);
            locking.Say(step, line);
        }
        async Task Audit(string outcome, string detail)
        {
            if (await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), locking.Owner, locking.App, "", locking.Sha, "lock", outcome, detail)) is { } warning)
                locking.Say(step, warning);
        }
        try
        {
            if (locking.ForceUnlock && await locks.BreakAsync(locking.App, host.Name, cancellationToken) is { } broken)
            {
                Say($"--force-unlock: broke the deployment lock of {locking.App} on {host.Name} held by {broken.Describe()}");
                await Audit("broken", $"held by {broken.Describe()}");
            }
            var (lease, holder) = await DeployLease.AcquireAsync(locks, locking.App, host.Name, locking.Owner, locking.Sha, timing, time, Say, cancellationToken);
            if (lease is null)
            {
                await Audit("refused", $"held by {holder!.Describe()}");
                return (null, StepResult.Of(Outcome.Failed,
                    $"nothing changed: {locking.App} on {host.Name} is being deployed by {holder.Describe()}; waited {timing.Wait.TotalSeconds:0.#} s. " +
                    $"If that run is gone, its lock expires at {holder.Expires:u}, or pass --force-unlock to break it."));
            }
            await Audit("acquired", said.Count == 0 ? $"until {lease.Held.Expires:u}" : string.Join("; ", said));
            return (new HostLock(audit, lease, locking, step, time), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, StepResult.Of(Outcome.Cancelled, $"nothing changed: cancelled while waiting for the deployment lock of {locking.App} on {host.Name}"));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or Ssh.SshLinkLostException)
        {
            return (null, StepResult.Of(Outcome.Failed, $"nothing changed: the deployment lock ({locks.Name}) cannot be used: {e.Message}"));
        }
    }

    /// <summary>Appends one action on a service to the host's audit log; a failed write is said, not thrown.</summary>
    public async Task AuditAsync(string service, string action, string outcome, string? detail)
    {
        if (_audit is null) return;
        if (await _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), _locking!.Owner, _locking.App, service, _locking.Sha, action, outcome, detail)) is { } warning)
            _locking.Say(_step!, warning);
    }

    public async ValueTask DisposeAsync()
    {
        if (_lease is null) return;
        try
        {
            await _lease.DisposeAsync();
        }
        catch (Ssh.SshLinkLostException e)
        {
            _locking!.Say(_step!, $"warning: the deployment lock of {_locking.App} was not released ({e.Message}); it expires at {_lease.Held.Expires:u}");
            return;
        }
        await AuditAsync("", "lock", "released", null);
    }
}
