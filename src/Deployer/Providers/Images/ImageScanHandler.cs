using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Images;

/// <summary>
/// Runs <see cref="ScanImageStep"/>: reads the scan of the digest the push or promotion recorded, starts one when ECR
/// has none, polls until it finishes (<see cref="ScanWait"/>) and judges it (<see cref="ScanGate"/>). A failed gate is a
/// failed step, so nothing in the deploy phase starts.
/// </summary>
/// <param name="pollInterval">Time between reads while the scan runs; five seconds when null.</param>
public sealed class ImageScanHandler(IEcrApi ecr, TimeProvider time, Action<Step, string> log, TimeSpan? pollInterval = null) : IStepHandler
{
    private readonly TimeSpan _interval = pollInterval ?? TimeSpan.FromSeconds(5);

    public bool Handles(Step step) => step is ScanImageStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var scan = (ScanImageStep)step;
        if (state.OutputOf<ImagePushed>(scan.ShippedBy) is not { } pushed)
            return StepResult.Of(Outcome.Failed, $"{scan.ShippedBy} recorded no digest to scan");
        var repository = EcrRegistry.RepositoryName(scan.Image);
        try
        {
            var findings = await WaitAsync(scan, repository, pushed.Digest, cancellationToken);
            if (findings.Decision.Action == ScanAction.Fail)
                return StepResult.Of(Outcome.Failed, $"image '{scan.Image.Name}' ({pushed.Image}) was not scanned: {findings.Decision.Reason}");
            var verdict = ScanGate.Judge(findings.Scan!.Findings, scan.Policy);
            var output = Output(pushed, verdict);
            if (!verdict.Passed)
                return new StepResult(Outcome.Failed,
                    $"image '{scan.Image.Name}' has findings over the scan threshold of {scan.Environment}{(scan.PolicySource is { } own && own.StartsWith("images.", StringComparison.Ordinal) ? $" ({own})" : "")}: {string.Join(", ", verdict.Breaches)}",
                    output, ScanGate.Explain(verdict));
            return new StepResult(Outcome.Succeeded,
                $"scan of {pushed.Image}: {Summary(verdict)}; within the threshold ({scan.Policy.Threshold})", output);
        }
        catch (AwsServiceException e)
        {
            return StepResult.Of(Outcome.Failed, $"the scan of image '{scan.Image.Name}' could not be read: {e.Message}");
        }
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null); // reading findings changes nothing

    private async Task<(ScanDecision Decision, EcrScanFindings? Scan)> WaitAsync(ScanImageStep step, string repository, string digest, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + step.Policy.Timeout;
        var started = false;
        while (true)
        {
            var scan = await ecr.DescribeImageScanFindingsAsync(repository, digest, cancellationToken);
            var decision = ScanWait.Decide(scan, started, time.GetUtcNow() >= deadline);
            switch (decision.Action)
            {
                case ScanAction.StartScan:
                    log(step, $"no scan of {digest} yet: starting one");
                    await ecr.StartImageScanAsync(repository, digest, cancellationToken);
                    started = true;
                    break;
                case ScanAction.Wait:
                    log(step, $"scan {scan?.Status ?? "requested"}; next look in {_interval.TotalSeconds:0}s");
                    await Task.Delay(_interval, time, cancellationToken);
                    break;
                default:
                    return (decision, scan);
            }
        }
    }

    private static ImageScanned Output(ImagePushed pushed, ScanVerdict verdict) => new(pushed.Image, pushed.Digest,
        verdict.Count("CRITICAL"), verdict.Count("HIGH"), verdict.Count("MEDIUM"), verdict.Count("LOW"), verdict.Count("INFORMATIONAL"),
        verdict.Count("UNTRIAGED") + verdict.Count("UNDEFINED"), verdict.Allowed.Count);

    private static string Summary(ScanVerdict verdict)
    {
        var counts = ScanGate.Severities.Where(s => verdict.Count(s) > 0).Select(s => $"{verdict.Count(s)} {s}").ToArray();
        var text = counts.Length == 0 ? "no findings" : string.Join(", ", counts);
        return verdict.Allowed.Count > 0 ? $"{text} ({verdict.Allowed.Count} allow-listed)" : text;
    }
}
