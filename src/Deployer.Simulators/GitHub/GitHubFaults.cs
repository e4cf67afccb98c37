namespace Deployer.Simulators.GitHub;

/// <summary>
/// Faults a test injects into the GitHub simulator. Each applies to the next authenticated requests (of one operation
/// when <c>operation</c> is given, e.g. <c>repos/create-deployment</c>), answered before the operation runs, so a faulted
/// request changes nothing. Thread-safe.
/// </summary>
public sealed class GitHubFaults
{
    private readonly List<InjectedFault> _pending = [];

    /// <summary>
    /// The primary rate limit: 403 (or 429 with <paramref name="tooManyRequests"/>; GitHub answers either),
    /// <c>x-ratelimit-remaining: 0</c> and a reset <paramref name="resetIn"/> from now (default one hour).
    /// </summary>
    public void RateLimitNext(int count, string? operation = null, TimeSpan? resetIn = null, bool tooManyRequests = false) =>
        Add(new InjectedFault(GitHubFaultKind.PrimaryRateLimit, count, operation, tooManyRequests ? 429 : 403, resetIn ?? TimeSpan.FromHours(1)));

    /// <summary>A secondary rate limit: 403 (or 429 with <paramref name="tooManyRequests"/>) with <c>retry-after</c>.</summary>
    public void SecondaryRateLimitNext(int count, TimeSpan retryAfter, string? operation = null, bool tooManyRequests = false) =>
        Add(new InjectedFault(GitHubFaultKind.SecondaryRateLimit, count, operation, tooManyRequests ? 429 : 403, retryAfter));

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (a 5xx) with GitHub's "Server Error" body.</summary>
    public void FailNext(int count, string? operation = null, int status = 502)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 500);
        Add(new InjectedFault(GitHubFaultKind.ServerError, count, operation, status, TimeSpan.Zero));
    }

    /// <summary>Clears every pending fault.</summary>
    public void Reset()
    {
        lock (_pending) _pending.Clear();
    }

    internal InjectedFault? Take(string operation)
    {
        lock (_pending)
        {
            var index = _pending.FindIndex(f => f.Operation is null || f.Operation == operation);
            if (index < 0) return null;
            var fault = _pending[index];
            if (--fault.Remaining == 0) _pending.RemoveAt(index);
            return fault;
        }
    }

    private void Add(InjectedFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fault.Remaining);
        lock (_pending) _pending.Add(fault);
    }
}

internal enum GitHubFaultKind { PrimaryRateLimit, SecondaryRateLimit, ServerError }

internal sealed class InjectedFault(GitHubFaultKind kind, int count, string? operation, int status, TimeSpan wait)
{
    public GitHubFaultKind Kind { get; } = kind;
    public string? Operation { get; } = operation;
    public int Status { get; } = status;
    /// <summary>Until the primary limit resets, or the secondary limit's retry-after.</summary>
    public TimeSpan Wait { get; } = wait;
    public int Remaining { get; set; } = count;
}
