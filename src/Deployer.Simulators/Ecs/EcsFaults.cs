using System.Collections.Immutable;

namespace Deployer.Simulators.Ecs;

/// <summary>
/// Faults a test injects into the ECS simulator. Thread-safe and settable at any time: a fault applies to the
/// requests answered and the tasks launched after it is set.
/// </summary>
public sealed class EcsFaults
{
    private readonly object _gate = new();
    private ImmutableDictionary<string, TaskFailure> _unhealthy = ImmutableDictionary<string, TaskFailure>.Empty;
    private ImmutableDictionary<string, TimeSpan> _slow = ImmutableDictionary<string, TimeSpan>.Empty;
    private ImmutableDictionary<string, Listeners.AppAnswer> _answers = ImmutableDictionary<string, Listeners.AppAnswer>.Empty;
    private readonly List<InjectedError> _errors = [];
    private Func<IReadOnlyList<string>, int> _exitCodes = _ => 0;

    /// <summary>Image substrings whose tasks die, and how (see <see cref="MakeUnhealthy"/>).</summary>
    public IReadOnlyDictionary<string, TaskFailure> UnhealthyImages => _unhealthy;

    /// <summary>Image substrings whose tasks take longer to start, and the extra delay.</summary>
    public IReadOnlyDictionary<string, TimeSpan> SlowStarts => _slow;

    /// <summary>
    /// For RunTask: the exit code of a container, from its command (the containerOverrides command, else the
    /// container definition's command, else empty). Default: 0 for everything.
    /// </summary>
    public Func<IReadOnlyList<string>, int> TaskExitCodes
    {
        get => Volatile.Read(ref _exitCodes);
        set => Volatile.Write(ref _exitCodes, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Tasks whose container image contains <paramref name="imageContains"/> fail (default: <see cref="TaskFailure.EssentialContainerExited"/>).</summary>
    public void MakeUnhealthy(string imageContains, TaskFailure? failure = null) =>
        ImmutableInterlocked.AddOrUpdate(ref _unhealthy, imageContains, failure ?? TaskFailure.EssentialContainerExited, (_, _) => failure ?? TaskFailure.EssentialContainerExited);

    /// <summary>Undo <see cref="MakeUnhealthy"/> for new tasks.</summary>
    public void MakeHealthy(string imageContains) => ImmutableInterlocked.TryRemove(ref _unhealthy, imageContains, out _);

    /// <summary>Tasks whose container image contains <paramref name="imageContains"/> take <paramref name="extraDelay"/> longer to reach RUNNING.</summary>
    public void SlowStart(string imageContains, TimeSpan extraDelay) =>
        ImmutableInterlocked.AddOrUpdate(ref _slow, imageContains, extraDelay, (_, _) => extraDelay);

    /// <summary>
    /// How the tasks of images containing <paramref name="imageContains"/> answer on a service's listeners (status, body,
    /// latency); without a rule they answer 200 with their image name.
    /// </summary>
    public void Answer(string imageContains, Listeners.AppAnswer answer) =>
        ImmutableInterlocked.AddOrUpdate(ref _answers, imageContains, answer, (_, _) => answer);

    internal Listeners.AppAnswer? AnswerFor(string image) =>
        _answers.FirstOrDefault(rule => image.Contains(rule.Key, StringComparison.Ordinal)).Value;

    /// <summary>The next <paramref name="count"/> requests (of <paramref name="operation"/>, or of any operation) get 400 ThrottlingException "Rate exceeded".</summary>
    public void ThrottleNext(int count, string? operation = null) => Add(new InjectedError(InjectedErrorKind.Throttling, operation, count));

    /// <summary>The next <paramref name="count"/> requests (of <paramref name="operation"/>, or of any operation) get 500 ServerException.</summary>
    public void FailNext(int count, string? operation = null) => Add(new InjectedError(InjectedErrorKind.ServerError, operation, count));

    /// <summary>The next <paramref name="count"/> requests of <paramref name="operation"/> get 400 AccessDeniedException (a role without the permission).</summary>
    public void DenyNext(int count, string operation) => Add(new InjectedError(InjectedErrorKind.AccessDenied, operation, count));

    /// <summary>Clear every fault.</summary>
    public void Reset()
    {
        _unhealthy = ImmutableDictionary<string, TaskFailure>.Empty;
        _slow = ImmutableDictionary<string, TimeSpan>.Empty;
        _answers = ImmutableDictionary<string, Listeners.AppAnswer>.Empty;
        TaskExitCodes = _ => 0;
        lock (_gate) _errors.Clear();
    }

    internal TaskFailure? FailureFor(IEnumerable<string> images)
    {
        var rules = _unhealthy;
        foreach (var image in images)
            foreach (var (fragment, failure) in rules)
                if (image.Contains(fragment, StringComparison.Ordinal)) return failure;
        return null;
    }

    internal TimeSpan ExtraStartDelay(IEnumerable<string> images)
    {
        var rules = _slow;
        var extra = TimeSpan.Zero;
        foreach (var image in images)
            foreach (var (fragment, delay) in rules)
                if (image.Contains(fragment, StringComparison.Ordinal) && delay > extra) extra = delay;
        return extra;
    }

    /// <summary>Consumes one injected error matching the operation, if any is pending.</summary>
    internal InjectedErrorKind? Take(string operation)
    {
        lock (_gate)
        {
            var index = _errors.FindIndex(e => e.Remaining > 0 && (e.Operation is null || e.Operation == operation));
            if (index < 0) return null;
            var error = _errors[index];
            error.Remaining--;
            if (error.Remaining == 0) _errors.RemoveAt(index);
            return error.Kind;
        }
    }

    private void Add(InjectedError error)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(error.Remaining);
        lock (_gate) _errors.Add(error);
    }

    private sealed class InjectedError(InjectedErrorKind kind, string? operation, int remaining)
    {
        public InjectedErrorKind Kind { get; } = kind;
        public string? Operation { get; } = operation;
        public int Remaining { get; set; } = remaining;
    }
}

internal enum InjectedErrorKind { Throttling, ServerError, AccessDenied }
