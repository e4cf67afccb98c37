namespace Deployer.Aws.Amplify;

/// <summary>The Amplify Hosting operations a manual (zip) deploy needs, and the upload of the zip to its pre-signed URL.</summary>
public interface IAmplifyApi
{
    Task<AmplifyApp> GetAppAsync(string appId, CancellationToken cancellationToken);

    Task<AmplifyBranch> GetBranchAsync(string appId, string branch, CancellationToken cancellationToken);

    /// <summary>Reserves a job for a manual deploy and returns where its zip goes.</summary>
    Task<AmplifyDeploymentCreated> CreateDeploymentAsync(string appId, string branch, CancellationToken cancellationToken);

    /// <summary>PUTs <paramref name="zip"/> to the pre-signed <paramref name="zipUploadUrl"/> (unsigned: the URL carries its signature).</summary>
    Task UploadZipAsync(Uri zipUploadUrl, ReadOnlyMemory<byte> zip, CancellationToken cancellationToken);

    Task<AmplifyJobSummary> StartDeploymentAsync(string appId, string branch, string jobId, CancellationToken cancellationToken);

    Task<AmplifyJob> GetJobAsync(string appId, string branch, string jobId, CancellationToken cancellationToken);

    /// <summary>The branch's most recent jobs, newest first (one page of at most <paramref name="maxResults"/>).</summary>
    Task<IReadOnlyList<AmplifyJobSummary>> ListJobsAsync(string appId, string branch, int maxResults, CancellationToken cancellationToken);

    Task<AmplifyJobSummary> StopJobAsync(string appId, string branch, string jobId, CancellationToken cancellationToken);
}

/// <summary>An app: its id, name and the domain its branches are served under (<c>&lt;branch&gt;.&lt;defaultDomain&gt;</c>).</summary>
public sealed record AmplifyApp(string AppId, string Name, string DefaultDomain);

/// <summary>A branch and the job it serves (<c>activeJobId</c>).</summary>
public sealed record AmplifyBranch(string BranchName, string DisplayName, string Stage, string? ActiveJobId);

/// <summary>CreateDeployment's answer: the reserved job and the pre-signed URL its zip is PUT to.</summary>
public sealed record AmplifyDeploymentCreated(string? JobId, string ZipUploadUrl);

/// <summary>A job's status: CREATED, PENDING, PROVISIONING, RUNNING, FAILED, SUCCEED, CANCELLING or CANCELLED.</summary>
public sealed record AmplifyJobSummary(string JobId, string Status, string JobType, DateTimeOffset StartTime, DateTimeOffset? EndTime = null)
{
    /// <summary>A job Amplify has not finished: it blocks every later deploy of its branch.</summary>
    public bool InFlight => Status is "CREATED" or "PENDING" or "PROVISIONING" or "RUNNING" or "CANCELLING";
}

/// <summary>A job with its steps (DEPLOY, VERIFY, …); a failed step carries the reason.</summary>
public sealed record AmplifyJob(AmplifyJobSummary Summary, IReadOnlyList<AmplifyJobStep> Steps)
{
    /// <summary>The first reason a step gives, else null.</summary>
    public string? Reason => Steps.Select(s => s.StatusReason).FirstOrDefault(r => !string.IsNullOrWhiteSpace(r));
}

public sealed record AmplifyJobStep(string StepName, string Status, string? StatusReason = null, string? LogUrl = null);
