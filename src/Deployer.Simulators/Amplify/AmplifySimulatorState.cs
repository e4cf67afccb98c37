using System.Collections.Concurrent;
using System.IO.Compression;

namespace Deployer.Simulators.Amplify;

/// <summary>How long a started job stays PENDING, then RUNNING, and how long a stopped one stays CANCELLING.</summary>
public sealed record AmplifySimulatorOptions(TimeSpan Pending, TimeSpan Running, TimeSpan Cancelling, TimeProvider Time)
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";

    public static AmplifySimulatorOptions Default { get; } =
        new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50), TimeProvider.System);
}

/// <summary>Faults to inject: answers given before the real one, and branches whose jobs fail or never leave PENDING.</summary>
public sealed class AmplifyFaults
{
    /// <summary>HTTP statuses answered (in order) before the real answer: 429 as TooManyRequestsException, 5xx as InternalFailureException.</summary>
    public ConcurrentQueue<int> Next { get; } = new();

    /// <summary>"appId/branch" → the reason its jobs' DEPLOY step fails with.</summary>
    public ConcurrentDictionary<string, string> FailingBranches { get; } = new(StringComparer.Ordinal);

    /// <summary>Refuse zip uploads with 403, as S3 does for an expired pre-signed URL.</summary>
    public bool RejectUploads { get; set; }

    /// <summary>"appId/branch" whose started jobs stay PENDING.</summary>
    public ConcurrentDictionary<string, bool> StuckBranches { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A manual-deploy job. CreateDeployment makes it PENDING; it stays so until StartDeployment (a runner that died in
/// between leaves it PENDING for good, as Amplify does), then advances PENDING → RUNNING → SUCCEED or FAILED in time.
/// </summary>
public sealed class SimulatedAmplifyJob(string appId, string branch, string jobId, DateTimeOffset createdAt, string uploadToken)
{
    public string AppId => appId;
    public string Branch => branch;
    public string JobId => jobId;
    public DateTimeOffset CreatedAt => createdAt;
    internal string UploadToken => uploadToken;
    public byte[]? Zip { get; internal set; }
    public DateTimeOffset? StartedAt { get; internal set; }
    public DateTimeOffset? StoppedAt { get; internal set; }
    public string? FailureReason { get; internal set; }
    public bool Stuck { get; internal set; }

    public string StatusAt(DateTimeOffset now, AmplifySimulatorOptions options)
    {
        if (StoppedAt is { } stopped) return now - stopped < options.Cancelling ? "CANCELLING" : "CANCELLED";
        if (StartedAt is not { } started || Stuck || now - started < options.Pending) return "PENDING";
        if (now - started < options.Pending + options.Running) return "RUNNING";
        return FailureReason is null ? "SUCCEED" : "FAILED";
    }

    public DateTimeOffset? EndedAt(DateTimeOffset now, AmplifySimulatorOptions options) => StatusAt(now, options) switch
    {
        "CANCELLED" => StoppedAt!.Value + options.Cancelling,
        "SUCCEED" or "FAILED" => StartedAt!.Value + options.Pending + options.Running,
        _ => null,
    };
}

/// <summary>An app and its branches' jobs (oldest first).</summary>
public sealed record SimulatedAmplifyApp(string AppId, string Name, DateTimeOffset CreatedAt)
{
    public string DefaultDomain => $"{AppId}.amplifyapp.com";
    internal Dictionary<string, (DateTimeOffset CreatedAt, List<SimulatedAmplifyJob> Jobs)> Branches { get; } = new(StringComparer.Ordinal);
}

internal sealed class AmplifyState(AmplifySimulatorOptions options)
{
    public object Gate { get; } = new();
    public AmplifySimulatorOptions Options => options;
    public AmplifyFaults Faults { get; } = new();
    public Dictionary<string, SimulatedAmplifyApp> Apps { get; } = new(StringComparer.Ordinal);
    public int Sequence { get; set; }
    public int Uploads { get; set; }
    public DateTimeOffset Now => options.Time.GetUtcNow();

    /// <summary>The newest job that succeeded: what the branch serves.</summary>
    public SimulatedAmplifyJob? Active(List<SimulatedAmplifyJob> jobs) => jobs.LastOrDefault(j => j.StatusAt(Now, options) == "SUCCEED");

    /// <summary>The deployed file at <paramref name="path"/> of the active job's zip, or null (a 404).</summary>
    public static byte[]? File(byte[] zip, string path)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entry = archive.GetEntry(path.Length == 0 || path.EndsWith('/') ? path + "index.html" : path);
        if (entry is null) return null;
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
