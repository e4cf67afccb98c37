namespace Deployer.Execution;

/// <summary>The one outcome model every provider reports in.</summary>
public enum Outcome
{
    /// <summary>The change is live and verified.</summary>
    Succeeded,
    /// <summary>Nothing needed to change; nothing was changed.</summary>
    Unchanged,
    /// <summary>The change failed and what it touched is back on the previous version.</summary>
    RolledBack,
    /// <summary>The change failed; see the forensics. Something may need a human.</summary>
    Failed,
    /// <summary>The change did not finish in time (and was stopped with a rollback where the provider can).</summary>
    TimedOut,
    /// <summary>The run was cancelled (SIGINT/SIGTERM); in-flight work was stopped or rolled back.</summary>
    Cancelled,
    /// <summary>A deployment waits at a pause hook for a human to continue it.</summary>
    Paused,
    /// <summary>A step that never started because an earlier one failed (steps only).</summary>
    NotRun,
    /// <summary>
    /// The description was wrong in a way only a step could see (the folder a build was to produce is not there);
    /// nothing was changed. Exits with <see cref="ExitCodes.InvalidInput"/>, like bad input found before the run.
    /// </summary>
    InvalidInput,
}

/// <summary>Process exit codes, one per outcome, documented in the README.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    /// <summary>Bad input: description, parameters, missing credentials. Nothing was changed.</summary>
    public const int InvalidInput = 2;
    public const int RolledBack = 3;
    public const int TimedOut = 4;
    public const int Paused = 5;
    public const int Cancelled = 130;

    public static int For(Outcome outcome) => outcome switch
    {
        Outcome.Succeeded or Outcome.Unchanged => Success,
        Outcome.RolledBack => RolledBack,
        Outcome.TimedOut => TimedOut,
        Outcome.Paused => Paused,
        Outcome.Cancelled => Cancelled,
        Outcome.InvalidInput => InvalidInput,
        _ => Failed,
    };

    /// <summary>What an exit code means, for messages.</summary>
    public static string Describe(int exitCode) => exitCode switch
    {
        Success => "success",
        Failed => "failed",
        InvalidInput => "invalid input, nothing changed",
        RolledBack => "rolled back",
        TimedOut => "timed out",
        Paused => "paused",
        Cancelled => "cancelled",
        _ => "failed",
    };

    public static bool IsFailure(Outcome outcome) =>
        outcome is Outcome.RolledBack or Outcome.Failed or Outcome.TimedOut or Outcome.Cancelled or Outcome.InvalidInput;
}
