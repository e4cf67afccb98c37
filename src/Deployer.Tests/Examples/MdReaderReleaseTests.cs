using Deployer.Tests.Support;

namespace Deployer.Tests.Examples;

/// <summary>
/// The MDReader example end to end through ./build.sh DeployProduction: migrations (PostgreSQL, Alembic), the SAM API
/// stack (moto, Serverless transform expanded by aws-sam-translator), the Hocuspocus service (ECS simulator) and the
/// frontend built with the stack's ApiUrl and deployed to Amplify (simulator), in one plan, one release, one outcome.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MdReaderReleaseTests(PostgresServer postgres)
{
    [Fact]
    public async Task DeployProduction_ships_the_API_stack_the_collaboration_service_and_the_frontend_built_with_the_stacks_ApiUrl_as_one_release()
    {
        await using var world = await MdReaderReleaseWorld.StartAsync(postgres);
        var stack = MdReaderReleaseWorld.Stack("production");

        var run = world.Run("DeployProduction", "--yes");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal("Succeeded", world.Result.GetProperty("outcome").GetString());
        foreach (var step in new[] { "migrate", $"deploy-sam:{stack}", "deploy-ecs:mdreader-hocuspocus", $"build-amplify:{MdReaderReleaseWorld.AppId}/main", $"deploy-amplify:{MdReaderReleaseWorld.AppId}/main" })
            Assert.True(world.ResultStep(step).GetProperty("outcome").GetString() == "Succeeded", $"{step}: {world.ResultStep(step)}\n{run.All}");
        // The stack really changed in moto: its function runs the production parameters.
        var described = (await world.Aws.CloudFormation.DescribeStackAsync(stack, CancellationToken.None))!;
        Assert.Equal("UPDATE_COMPLETE", described.Status);
        var apiUrl = described.Outputs["ApiUrl"];
        Assert.StartsWith("https://", apiUrl);
        // The frontend Amplify serves was built after the stack, with the URL the stack reports.
        using var http = new HttpClient();
        Assert.Equal(apiUrl, (await http.GetStringAsync(new Uri(world.Amplify.SiteUrl(MdReaderReleaseWorld.AppId, "main"), "api-url.txt"))).Trim());
        Assert.Contains("MDReader", await http.GetStringAsync(world.Amplify.SiteUrl(MdReaderReleaseWorld.AppId, "main")));
        // The production service runs the commit's image by digest, two tasks, with the database secret by reference.
        var container = (await world.Ecs.LiveTaskDefinitionAsync("mdreader-hocuspocus", "mdreader-production"))["containerDefinitions"]![0]!;
        Assert.Matches("mdreader-hocuspocus@sha256:[0-9a-f]{64}$", container["image"]!.GetValue<string>());
        Assert.Contains("mdreader/production/database", container["secrets"]!.ToJsonString());
        Assert.Equal("b2", await postgres.ScalarAsync(world.Databases["production"], "select version_num from alembic_version"));
        // One release of production, recording the stack's template, its output, the task definition and the Amplify zip.
        var release = Assert.Single(await world.LedgerAsync());
        Assert.Equal(("production", world.Sha), (release.GetProperty("environment").GetString(), release.GetProperty("sha").GetString()));
        var targets = release.GetProperty("payload").GetProperty("targets");
        Assert.Equal(apiUrl, targets.GetProperty($"output:sam.{stack}.ApiUrl").GetString());
        Assert.StartsWith("arn:aws:ecs:", targets.GetProperty("deploy-ecs:mdreader-hocuspocus").GetString());
        Assert.True(targets.TryGetProperty($"deploy-sam:{stack}", out _), targets.ToString());
        Assert.True(targets.TryGetProperty($"deploy-amplify:{MdReaderReleaseWorld.AppId}/main", out _), targets.ToString());
        Assert.Empty(world.Gateway.Front.Violations);
        Assert.Contains("AWS::Serverless-2016-10-31", string.Join("", world.Gateway.Front.Requests.SelectMany(r => r).Where(f => f.Key == "TemplateBody").Select(f => f.Value)));
    }
}
