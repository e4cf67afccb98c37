using System.Text.Json;
using Deployer.Aws;
using Deployer.Tests.Providers.StaticSites;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.Verify;

/// <summary>
/// The bake after a non-ECS target, end to end through ./build.sh against moto: a static site is published to S3 and
/// CloudFront, then its CloudWatch alarms are watched (DescribeAlarms); a test sets one to ALARM with SetAlarmState, as
/// CloudWatch would when the new pages fail, and the release is rolled back naming the alarm.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AlarmBakeReleaseTests(MotoServer moto, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string First = "1111111111111111111111111111111111111111", Second = "2222222222222222222222222222222222222222";

    private static string Description(string bucket, string distribution, string alarm, double minutes) => $$"""
        app: docs
        environments:
          production:
            aws: { account: "123456789012", region: us-east-1 }
            staticSites: [{ name: ui, directory: dist, bucket: {{bucket}}, distributionId: {{distribution}} }]
            bake: { alarms: [{{alarm}}], minutes: {{minutes.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }
        """;

    /// <summary>A metric alarm in moto, OK until a test sets it.</summary>
    private async Task<string> AlarmAsync(AwsQueryClient cloudWatch)
    {
        var name = $"docs-5xx-{Guid.NewGuid():N}"[..20];
        await cloudWatch.SendAsync("PutMetricAlarm", [
            new("AlarmName", name), new("Namespace", "AWS/CloudFront"), new("MetricName", "5xxErrorRate"), new("Statistic", "Average"),
            new("Period", "60"), new("EvaluationPeriods", "1"), new("Threshold", "1"), new("ComparisonOperator", "GreaterThanThreshold")], CancellationToken.None);
        await SetAsync(cloudWatch, name, "OK", "Threshold Crossed: no datapoint above 1.0");
        return name;
    }

    private static Task SetAsync(AwsQueryClient cloudWatch, string alarm, string state, string reason) =>
        cloudWatch.SendAsync("SetAlarmState", [new("AlarmName", alarm), new("StateValue", state), new("StateReason", reason)], CancellationToken.None);

    [Fact]
    public async Task A_static_site_whose_alarm_fires_during_the_bake_is_rolled_back_with_the_alarms_name()
    {
        using var bed = await StaticSiteTestbed.StartAsync(moto);
        using var aws = AwsClients.FromEnvironment(moto.Environment(), "us-east-1", TimeProvider.System);
        var cloudWatch = aws.QueryClient(AwsService.CloudWatch);
        var bucket = await bed.BucketAsync();
        var alarm = await AlarmAsync(cloudWatch);
        using var surface = new BuildSurface();
        foreach (var (name, value) in moto.Environment()) surface.Environment[name] = value;
        var config = Path.Combine(bed.Root, "deploy.yml");

        // A quiet bake: v1 stays.
        File.WriteAllText(config, Description(bucket, bed.DistributionId, alarm, minutes: 0.02));
        bed.Site("v1");
        var first = surface.Run("DeployProduction", "--skip", "--config", config, "--git-sha", First);
        Assert.True(first.ExitCode == 0, first.All);
        Assert.Contains("bake-alarms: Succeeded", first.All);
        Assert.Contains("1 alarm(s) stayed out of ALARM during the bake", first.All);

        // v2 bakes for up to 10 minutes; its alarm fires as soon as v2 is served.
        File.WriteAllText(config, Description(bucket, bed.DistributionId, alarm, minutes: 10));
        bed.Site("v2");
        var deploy = Task.Run(() => surface.Run("DeployProduction", "--skip", "--config", config, "--git-sha", Second));
        var served = await Eventually.TrueAsync(async () => deploy.IsCompleted
            || (await bed.ObjectsAsync(bucket)).TryGetValue("index.html", out var page) && page.Body.EndsWith("v2</html>"), TimeSpan.FromSeconds(120));
        Assert.True(served && !deploy.IsCompleted, "v2 was never published");
        await SetAsync(cloudWatch, alarm, "ALARM", "Threshold Crossed: 1 datapoint [7.5] was greater than the threshold (1.0)");
        var second = await deploy;
        output.WriteLine(second.All);

        Assert.True(second.ExitCode == 3, second.All);
        Assert.Contains($"alarm {alarm} is in ALARM (Threshold Crossed: 1 datapoint [7.5] was greater than the threshold (1.0)) during the bake", second.All);
        Assert.EndsWith("v1</html>", (await bed.ObjectsAsync(bucket))["index.html"].Body);
        using var json = JsonDocument.Parse(File.ReadAllText(surface.ResultFile));
        Assert.Equal("RolledBack", json.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_bake_that_names_no_alarm_or_a_negative_time_is_refused_naming_its_place_before_anything_runs()
    {
        using var surface = new BuildSurface();
        foreach (var (name, value) in moto.Environment()) surface.Environment[name] = value;
        var config = Path.Combine(surface.Root, "deploy.yml");
        File.WriteAllText(config, Description("no-such-bucket", "E2EXAMPLE", "x", -1).Replace("alarms: [x]", "alarms: []"));

        var run = surface.Run("DeployProduction", "--skip", "--config", config, "--git-sha", First);

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("environments.production.bake.alarms", run.All);
        Assert.Contains("environments.production.bake.minutes", run.All);
        Assert.DoesNotContain("   at ", run.All);
        await Task.CompletedTask;
    }
}
