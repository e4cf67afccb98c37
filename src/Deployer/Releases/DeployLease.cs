namespace Deployer.Releases;

/// <summary>How long a lock lives without renewal, how long a run waits for one, and how often it looks again.</summary>
public sealed record LockTiming(TimeSpan TimeToLive, TimeSpan Wait, TimeSpan Poll)
{
    public static readonly LockTiming Default = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5));

    /// <summary>Renewed three times per lifetime, so two missed renewals still leave it alive.</summary>
    public TimeSpan Renewal => TimeToLive / 3;
}

/// <summary>A held deployment lock, renewed in the background until disposed, which releases it.</summary>
public sealed class DeployLease : IAsyncDisposable
{
    private readonly IDeployLocks _locks;
    private readonly string _app;
    private readonly string _environment;
    private readonly LockTiming _timing;
    private readonly TimeProvider _time;
    private readonly Action<string> _say;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private DeployLease(IDeployLocks locks, string app, string environment, LockHolder held, LockTiming timing, TimeProvider time, Action<string> say)
    {
        (_locks, _app, _environment, Held, _timing, _time, _say) = (locks, app, environment, held, timing, time, say);
        _renewing = RenewAsync(_stop.Token);
    }

    /// <summary>The lock as last written by this run.</summary>
    public LockHolder Held { get; private set; }

    /// <summary>
    /// Takes the lock of <paramref name="app"/>'s <paramref name="environment"/>, waiting up to <see cref="LockTiming.Wait"/>
    /// while another live run holds it, and taking over an expired one (said through <paramref name="say"/>). Returns
    /// the lease, or the holder that was still there when the wait ran out.
    /// </summary>
    public static async Task<(DeployLease? Lease, LockHolder? Holder)> AcquireAsync(IDeployLocks locks, string app, string environment, string owner,
        string sha, LockTiming timing, TimeProvider time, Action<string> say, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timing.Wait;
        var id = Guid.NewGuid().ToString("N");
        LockHolder Mine()
        {
            var now = time.GetUtcNow();
            return new LockHolder(id, owner, sha, now, now + timing.TimeToLive);
        }

        LockHolder? current = null;
        var waiting = false;
        while (true)
        {
            var mine = Mine();
            switch (LockDecision.Decide(current, time.GetUtcNow(), deadline))
            {
                case LockStep.Claim:
                    current = await locks.ClaimAsync(app, environment, mine, cancellationToken).ConfigureAwait(false);
                    if (current is null) return (new DeployLease(locks, app, environment, mine, timing, time, say), null);
                    continue;
                case LockStep.TakeOver:
                    if (await locks.ReplaceAsync(app, environment, current!, mine, cancellationToken).ConfigureAwait(false))
                    {
                        say($"took over the expired deployment lock of {app}/{environment} held by {current!.Describe()}, which expired {current.Expires:u}");
                        return (new DeployLease(locks, app, environment, mine, timing, time, say), null);
                    }
                    current = null; // changed under us: look again
                    continue;
                case LockStep.GiveUp:
                    return (null, current);
                case LockStep.Wait:
                    if (!waiting) say($"waiting up to {timing.Wait.TotalSeconds:0.#} s for the deployment lock of {app}/{environment}, held by {current!.Describe()}");
                    waiting = true;
                    var left = deadline - time.GetUtcNow();
                    await Task.Delay(left < timing.Poll ? left : timing.Poll, time, cancellationToken).ConfigureAwait(false);
                    current = null; // read again by the next claim
                    continue;
            }
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_timing.Renewal, _time, cancellationToken).ConfigureAwait(false);
                var renewed = Held with { Expires = _time.GetUtcNow() + _timing.TimeToLive };
                try
                {
                    // Not cancelled by the release: a renewal cut off after the host wrote it would leave Held stale, and
                    // the release, which compares the whole lock, would then leave the renewed lock behind until it expires.
                    using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    if (!await _locks.ReplaceAsync(_app, _environment, Held, renewed, bounded.Token).ConfigureAwait(false))
                    {
                        _say($"warning: the deployment lock of {_app}/{_environment} is no longer held by this run (broken or taken over); it is not renewed");
                        return;
                    }
                    Held = renewed;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A passing failure: the lock lives on until it expires, and the next renewal tries again.
                    _say($"warning: the deployment lock of {_app}/{_environment} could not be renewed: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Stops renewing and releases the lock, even when the run was cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        _stop.Dispose();
        try
        {
            using var releasing = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _locks.ReleaseAsync(_app, _environment, Held, releasing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or OperationCanceledException or GitHub.GitHubApiException)
        {
            _say($"warning: the deployment lock of {_app}/{_environment} was not released ({e.Message}); it expires at {Held.Expires:u}");
        }
    }
}
