using Deployer.Aws.CloudFormation;
using Deployer.Execution;

namespace Deployer.Providers.Sam;

/// <summary>Turns a settled stack into the step's outcome, with the first failed resources and their reasons on one screen.</summary>
public static class SamOutcome
{
    public static async Task<StepResult> OfAsync(DeploySamStackStep sam, StackWaitResult result, string location, PackagedTemplate packaged,
        ICloudFormationApi cloudFormation, Func<DeploySamStackStep, StackDescription, string, PackagedTemplate, SamDeployed> deployed)
    {
        var name = sam.Stack.Stack;
        var status = result.Stack?.Status ?? "gone";
        var failures = FirstFailures(result.Events);
        var forensics = string.Join('\n', result.Events.Select(StackWait.Line));
        switch (result.Verdict)
        {
            case StackVerdict.Succeeded:
                var outputs = result.Stack!.Outputs.Count == 0 ? "" : "; outputs: " + string.Join(", ", result.Stack.Outputs.Select(o => $"{o.Key}={o.Value}"));
                return new StepResult(Outcome.Succeeded, $"stack {name} {status}; {packaged.Uploaded} of {packaged.Artifacts.Count} artifacts uploaded{outputs}",
                    deployed(sam, result.Stack!, location, packaged));
            case StackVerdict.RolledBack:
                return new StepResult(Outcome.RolledBack, $"update of stack {name} failed and was rolled back ({status}): {failures}", Forensics: forensics);
            case StackVerdict.CreateRolledBack:
                if (!sam.Stack.DeleteFailedStack)
                    return new StepResult(Outcome.Failed, $"creation of stack {name} failed ({status}): {failures}. The stack must be deleted before a retry " +
                                                          "(deleteFailedStack: true lets Deployer do it)", Forensics: forensics);
                await cloudFormation.DeleteStackAsync(name, CancellationToken.None);
                return new StepResult(Outcome.Failed, $"creation of stack {name} failed ({status}): {failures}. The failed stack was deleted (deleteFailedStack)", Forensics: forensics);
            case StackVerdict.RollbackFailed:
                return new StepResult(Outcome.Failed, $"stack {name} is {status}: the rollback is blocked by {failures}. Fix those resources, then run " +
                                                      $"`aws cloudformation continue-update-rollback --stack-name {name}` (with --resources-to-skip for any that cannot be fixed)", Forensics: forensics);
            default:
                return new StepResult(Outcome.Failed, $"stack {name} ended {status}" + (result.Stack?.StatusReason is { } why ? $": {why}" : "") +
                                                      (failures.Length > 0 ? $"; {failures}" : ""), Forensics: forensics);
        }
    }

    /// <summary>The first resources that failed, oldest first, with their reasons (cancellations that follow a failure are noise).</summary>
    public static string FirstFailures(IReadOnlyList<StackEvent> events, int count = 3)
    {
        var failed = events.Where(e => e.Status.EndsWith("_FAILED", StringComparison.Ordinal) && e.ResourceType != "AWS::CloudFormation::Stack"
                                       && e.Reason is not ("Resource creation cancelled" or "Resource update cancelled"))
            .Take(count).Select(e => $"{e.LogicalId} ({e.ResourceType}) {e.Status}: {e.Reason ?? "no reason given"}").ToArray();
        return failed.Length == 0 ? "no resource reported a failure" : string.Join("; ", failed);
    }
}
