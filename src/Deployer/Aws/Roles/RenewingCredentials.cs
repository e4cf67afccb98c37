using Amazon.Runtime;

namespace Deployer.Aws.Roles;

/// <summary>A role session STS issued: its keys and when they expire.</summary>
internal sealed record StsSession(ImmutableCredentials Credentials, DateTimeOffset Expiration);

/// <summary>
/// Credentials of a role session, renewed on the run's clock (<see cref="TimeProvider"/>) when
/// <see cref="SessionRenewal.IsDue"/> says so; one renewal at a time, every signer reading the same session. (The SDK's
/// RefreshingAWSCredentials reads the machine clock, which a test cannot move.)
/// </summary>
internal abstract class RenewingCredentials(TimeProvider time) : AWSCredentials
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StsSession? _session;

    /// <summary>How long before expiry the session is renewed.</summary>
    public TimeSpan Margin { get; init; } = SessionRenewal.Margin;

    /// <summary>When the current session expires; null before the first.</summary>
    public DateTimeOffset? SessionExpiration => _session?.Expiration;

    /// <summary>Sessions issued so far (the first, then one per renewal).</summary>
    public int Sessions { get; private set; }

    /// <summary>Asks STS for a new session.</summary>
    protected abstract Task<StsSession> IssueAsync();

    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        if (_session is { } current && !SessionRenewal.IsDue(time.GetUtcNow(), current.Expiration, Margin)) return current.Credentials;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Another signer may have renewed it while this one waited.
            if (_session is { } renewed && !SessionRenewal.IsDue(time.GetUtcNow(), renewed.Expiration, Margin)) return renewed.Credentials;
            var session = await IssueAsync().ConfigureAwait(false);
            (_session, Sessions) = (session, Sessions + 1);
            return session.Credentials;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>STS's expiration; a response without one is taken to last STS's shortest session, 15 minutes.</summary>
    protected DateTimeOffset ExpirationOf(DateTime? expiration) =>
        expiration is { } end ? new DateTimeOffset(DateTime.SpecifyKind(end.ToUniversalTime(), DateTimeKind.Utc)) : time.GetUtcNow().AddMinutes(15);
}
