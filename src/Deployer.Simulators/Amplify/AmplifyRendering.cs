using System.Text.Json.Nodes;

namespace Deployer.Simulators.Amplify;

/// <summary>Apps, branches and jobs in the JSON shapes of botocore's <c>amplify</c> model (timestamps as epoch seconds).</summary>
internal static class AmplifyRendering
{
    private const string ArnPrefix = $"arn:aws:amplify:{AmplifySimulatorOptions.Region}:{AmplifySimulatorOptions.Account}:apps/";

    public static double Epoch(DateTimeOffset time) => Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3);

    public static JsonObject App(SimulatedAmplifyApp app) => new()
    {
        ["appId"] = app.AppId, ["appArn"] = ArnPrefix + app.AppId, ["name"] = app.Name, ["description"] = "", ["repository"] = "",
        ["platform"] = "WEB", ["createTime"] = Epoch(app.CreatedAt), ["updateTime"] = Epoch(app.CreatedAt),
        ["environmentVariables"] = new JsonObject(), ["defaultDomain"] = app.DefaultDomain, ["enableBranchAutoBuild"] = false,
        ["enableBasicAuth"] = false,
    };

    public static JsonObject Branch(AmplifyState state, SimulatedAmplifyApp app, string name)
    {
        var (created, jobs) = app.Branches[name];
        var branch = new JsonObject
        {
            ["branchArn"] = $"{ArnPrefix}{app.AppId}/branches/{name}", ["branchName"] = name, ["description"] = "", ["stage"] = name is "main" or "master" ? "PRODUCTION" : "DEVELOPMENT",
            ["displayName"] = name, ["enableNotification"] = false, ["createTime"] = Epoch(created), ["updateTime"] = Epoch(created),
            ["environmentVariables"] = new JsonObject(), ["enableAutoBuild"] = false, ["customDomains"] = new JsonArray(), ["framework"] = "Web",
            ["activeJobId"] = state.Active(jobs)?.JobId ?? "", ["totalNumberOfJobs"] = jobs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["enableBasicAuth"] = false, ["ttl"] = "5", ["enablePullRequestPreview"] = false,
        };
        return branch;
    }

    public static JsonObject Summary(AmplifyState state, SimulatedAmplifyJob job)
    {
        var now = state.Now;
        var summary = new JsonObject
        {
            ["jobArn"] = $"{ArnPrefix}{job.AppId}/branches/{job.Branch}/jobs/{job.JobId}", ["jobId"] = job.JobId, ["commitId"] = "HEAD",
            ["commitMessage"] = "Manual deployment", ["commitTime"] = Epoch(job.CreatedAt), ["startTime"] = Epoch(job.StartedAt ?? job.CreatedAt),
            ["status"] = job.StatusAt(now, state.Options), ["jobType"] = "MANUAL",
        };
        if (job.EndedAt(now, state.Options) is { } ended) summary["endTime"] = Epoch(ended);
        return summary;
    }

    public static JsonObject Job(AmplifyState state, SimulatedAmplifyJob job)
    {
        var now = state.Now;
        var status = job.StatusAt(now, state.Options);
        var steps = new JsonArray();
        if (job.StartedAt is { } started && status is "RUNNING" or "SUCCEED" or "FAILED" or "CANCELLED" or "CANCELLING")
        {
            var step = new JsonObject
            {
                ["stepName"] = "DEPLOY", ["startTime"] = Epoch(started + state.Options.Pending),
                ["status"] = status, ["endTime"] = Epoch(job.EndedAt(now, state.Options) ?? now),
                ["logUrl"] = $"https://aws-amplify-prod-{AmplifySimulatorOptions.Region}-artifacts.s3.amazonaws.com/{job.AppId}/{job.Branch}/{job.JobId}/DEPLOY/log.txt" +
                              "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=simulated-session-token&X-Amz-Signature=0123abcd",
            };
            if (status == "FAILED") step["statusReason"] = job.FailureReason;
            steps.Add(step);
        }
        return new JsonObject { ["summary"] = Summary(state, job), ["steps"] = steps };
    }
}
