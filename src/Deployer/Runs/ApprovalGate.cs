using Deployer.Config;

namespace Deployer.Runs;

/// <summary>Asks a person whether to go ahead; only exists where someone can answer (a terminal).</summary>
public interface IApprovalPrompt
{
    /// <summary>Shows <paramref name="question"/> and returns true only for an explicit yes.</summary>
    Task<bool> ConfirmAsync(string question, CancellationToken cancellationToken);
}

/// <summary>What a run does about an environment's <c>approval.required</c> before it changes anything.</summary>
public enum ApprovalDecision { Proceed, Ask, Refuse }

/// <summary>
/// The local half of <c>approval: { required: true }</c>: in a workflow the GitHub environment's reviewers approve the
/// job, which then passes --yes; a local run asks on its terminal, and anything else is refused before any change.
/// </summary>
public static class ApprovalGate
{
    /// <summary>Pure decision: dry runs and environments without the requirement proceed, --yes proceeds, a terminal asks.</summary>
    public static ApprovalDecision Decide(ApprovalSpec? approval, bool dryRun, bool yes, bool canAsk) =>
        dryRun || approval is not { Required: true } || yes ? ApprovalDecision.Proceed
        : canAsk ? ApprovalDecision.Ask
        : ApprovalDecision.Refuse;

    /// <summary>The question a terminal shows.</summary>
    public static string Question(string environment, ApprovalSpec approval) =>
        $"Environment {environment} requires approval{Reviewers(approval)}. Deploy to {environment}? Type 'yes' to go ahead: ";

    /// <summary>Why a run without a terminal and without --yes stops, and how to approve.</summary>
    public static string Refusal(string environment, ApprovalSpec approval) =>
        $"environment {environment} requires approval (approval.required in the description{Reviewers(approval)}) and there is no terminal to ask; " +
        "nothing was changed. Approve it by running on a terminal and answering yes, or pass --yes " +
        "(a workflow passes it only in the job of its approved GitHub environment)";

    /// <summary>The refusal after a terminal answered something other than yes.</summary>
    public static string Declined(string environment) => $"deploying {environment} was not approved; nothing was changed";

    private static string Reviewers(ApprovalSpec approval) =>
        approval.Reviewers.Count == 0 ? "" : $"; reviewers: {string.Join(", ", approval.Reviewers)}";
}
