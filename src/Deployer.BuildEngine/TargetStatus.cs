namespace Deployer.BuildEngine;

/// <summary>Outcome of one target in a run, as shown in the summary table.</summary>
public enum TargetStatus
{
    /// <summary>Ran and finished.</summary>
    Succeeded,

    /// <summary>Ran and threw.</summary>
    Failed,

    /// <summary>Not run on purpose: <c>--skip</c>, a false condition, or only needed by skipped targets.</summary>
    Skipped,

    /// <summary>Was running when the build was cancelled.</summary>
    Aborted,

    /// <summary>Not run because of an earlier failure or a cancellation.</summary>
    NotRun,
}
