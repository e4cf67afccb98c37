using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// The app's secrets reach the release job: the caller passes them with <c>secrets: inherit</c>, release.yml hands them
/// to Deployer as <c>toJSON(secrets)</c>, and the description's <c>{ env: NAME }</c> references read them, masked first
/// and never printed. No workflow names them.
/// </summary>
public sealed class ReleaseSecretsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_push_to_main_releases_with_the_apps_secrets_read_by_the_description_and_masked_before_use()
    {
        await using var world = await EcsWorld.StartAsync();
        await using var github = await GitHubTestbed.StartAsync();
        await using var hooks = await SiteServer.StartAsync();
        var hookPath = "/hooks/releases-" + Guid.NewGuid().ToString("N");
        hooks.Answer(hookPath, _ => (200, "ok"));
        await world.SeedServiceAsync("api", "example/api:1", 1);
        world.Describe("""
            app: shop
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: api, imageUri: "example/api:2", desiredCount: 1 }]
                notify:
                  - webhook: { url: { env: SHOP_RELEASE_HOOK }, signingKey: { env: SHOP_HOOK_SIGNING_KEY } }
            """);
        using var runner = new WorkflowRunner("scribe.yml", world.Surface.Root) { GitHubToken = GitHubTestbed.Token, Log = output.WriteLine };
        foreach (var (key, value) in world.Surface.Environment.Where(e => e.Key != "PATH")) runner.Environment[key] = value;
        foreach (var (key, value) in github.Environment) runner.Environment[key] = value;
        var hook = hooks.Url(hookPath);
        const string signingKey = "hook-signing-key-7f3a9c\nsecond line";
        runner.Secrets["SHOP_RELEASE_HOOK"] = hook;
        runner.Secrets["SHOP_HOOK_SIGNING_KEY"] = signingKey;
        runner.Secrets["UNUSED_BY_THIS_APP"] = "unused-secret-value-51c2";

        var jobs = await runner.RunAsync(WorkflowEvent.Push("main"));

        var release = jobs.Single(j => j.Job == "release");
        var deploy = release.Actions.Single();
        Assert.True(release.Result == "success", deploy.Log);
        Assert.Equal(2, hooks.Hits(hookPath)); // started and succeeded: the URL and the signing key were read
        Assert.Contains(hook, deploy.Masks);
        Assert.Contains("hook-signing-key-7f3a9c", deploy.Masks);
        Assert.Contains("second line", deploy.Masks);
        Assert.Contains("unused-secret-value-51c2", deploy.Masks);
        foreach (var value in new[] { hook, "hook-signing-key-7f3a9c", "unused-secret-value-51c2", hookPath.TrimStart('/') })
            Assert.DoesNotContain(value, deploy.Everything);
    }

    [Fact]
    public async Task App_secrets_that_are_not_a_json_object_stop_the_run_with_exit_2_without_quoting_them()
    {
        using var action = new CompositeActionRunner(Repository.PathOf("actions", "deploy"));

        var run = await action.RunAsync(new Dictionary<string, string>
        {
            ["environment"] = "staging",
            ["config"] = "examples/saas/deploy.yml",
            ["git-sha"] = new string('a', 40),
            ["app-secrets"] = "{\"DATABASE_URL\": postgresql://app:pw-9f8e7d@db/saas}",
        });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--app-secrets (NUKE_APP_SECRETS) is not valid JSON; in a workflow pass ${{ toJSON(secrets) }}", run.Log);
        Assert.DoesNotContain("pw-9f8e7d", run.Everything);
        Assert.DoesNotContain("   at ", run.Log);
    }
}
