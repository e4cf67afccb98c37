using Deployer.Planning;
using Deployer.Providers;
using Deployer.Releases;
using Deployer.Runs;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>Whole runs through the standard providers and a ledger: release, promote, release again and roll back, with nothing rebuilt.</summary>
[Collection(MotoAmplifyCollection.Name)]
public sealed class AmplifyRunTests(MotoServer moto)
{
    private const string First = "1111111111111111111111111111111111111111", Second = "2222222222222222222222222222222222222222";

    [Fact]
    public async Task I_can_release_promote_and_roll_back_and_each_branch_serves_the_recorded_zip()
    {
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        File.WriteAllText(Path.Combine(bed.Root, "deploy.yml"), $$"""
            app: mdreader
            environments:
              staging:
                aws: { account: "{{MotoServer.AccountId}}", region: us-east-1 }
                amplify: [{ appId: {{AmplifyTestbed.AppId}}, branch: staging, artifact: dist, artifactBucket: {{bed.Bucket}}, url: "{{bed.Simulator.SiteUrl(AmplifyTestbed.AppId, "staging")}}" }]
              production:
                promotesFrom: staging
                aws: { account: "{{MotoServer.AccountId}}", region: us-east-1 }
                amplify: [{ appId: {{AmplifyTestbed.AppId}}, branch: main, artifact: dist, artifactBucket: {{bed.Bucket}}, url: "{{bed.Simulator.SiteUrl(AmplifyTestbed.AppId, "main")}}" }]
            """);
        var ledger = new LocalLedger(Path.Combine(bed.Root, ".deployer", "releases.json"), TimeProvider.System);
        var log = new StringWriter();
        async Task<int> Run(string environment, PlanMode mode, string sha)
        {
            var environmentVariables = AmplifyTestbed.Environment(moto, bed.Simulator);
            var secrets = new SecretValues();
            var context = new RunContext(new StringWriter(), log, environmentVariables, secrets, TimeProvider.System,
                new StandardProviders(environmentVariables, secrets, TimeProvider.System, ProviderOptions.Default), ledger);
            var settings = new RunSettings("deploy.yml", environment, DryRun: false, OutputFormat.Text, sha, Path.Combine(bed.Root, "result.json"), bed.Root);
            return await new DeployRun(settings, context).DeployAsync(null, mode, _ => true, CancellationToken.None);
        }

        bed.Write("index.html", "v1");
        Assert.Equal(0, await Run("staging", PlanMode.Release, First));
        bed.Write("index.html", "v2 (not what staging tested)");
        Assert.Equal(0, await Run("production", PlanMode.Promotion, First));
        Assert.Equal("200 v1", await bed.ServedAsync("main"));

        Assert.Equal(0, await Run("staging", PlanMode.Release, Second));
        Assert.Equal("200 v2 (not what staging tested)", await bed.ServedAsync("staging"));
        Directory.Delete(bed.Dist, recursive: true);
        Assert.True(await Run("staging", PlanMode.Rollback, First) == 0, log.ToString());

        Assert.Equal("200 v1", await bed.ServedAsync("staging"));
        var history = await ledger.HistoryAsync("mdreader", "staging", CancellationToken.None);
        Assert.All(history, entry => Assert.StartsWith($"s3://{bed.Bucket}/amplify/{AmplifyTestbed.AppId}/", entry.Release.Targets[$"deploy-amplify:{AmplifyTestbed.AppId}/staging"]));
        Assert.Equal(2, (await bed.KeysAsync()).Count(k => k.EndsWith(".zip")));
    }
}
