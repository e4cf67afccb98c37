namespace Deployer.Providers.Sam;

/// <summary>Where a stack is after a change: still moving, or settled one way or another.</summary>
public enum StackVerdict { Wait, Succeeded, RolledBack, CreateRolledBack, RollbackFailed, Failed }

/// <summary>The pure reading of a stack status (CloudFormation's StackStatus enum).</summary>
public static class StackDecision
{
    public static StackVerdict Evaluate(string status) => status switch
    {
        "CREATE_COMPLETE" or "UPDATE_COMPLETE" or "IMPORT_COMPLETE" => StackVerdict.Succeeded,
        "UPDATE_ROLLBACK_COMPLETE" or "IMPORT_ROLLBACK_COMPLETE" => StackVerdict.RolledBack,
        "ROLLBACK_COMPLETE" => StackVerdict.CreateRolledBack,
        "UPDATE_ROLLBACK_FAILED" or "ROLLBACK_FAILED" or "IMPORT_ROLLBACK_FAILED" => StackVerdict.RollbackFailed,
        // UPDATE_COMPLETE_CLEANUP_IN_PROGRESS and the like end in IN_PROGRESS too: the stack is not settled until they finish.
        _ when status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) => StackVerdict.Wait,
        _ => StackVerdict.Failed, // CREATE_FAILED, DELETE_COMPLETE, DELETE_FAILED, …
    };

    /// <summary>Whether a stack is being changed (by this run or another) and must be waited for before a change set.</summary>
    public static bool InProgress(string status) => status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && status != "REVIEW_IN_PROGRESS";

    /// <summary>A change set that failed only because the template and parameters equal the stack's: nothing to do.</summary>
    public static bool IsEmpty(string? reason) => reason is not null &&
        (reason.Contains("didn't contain changes", StringComparison.Ordinal) || reason.Contains("No updates are to be performed", StringComparison.Ordinal));
}
