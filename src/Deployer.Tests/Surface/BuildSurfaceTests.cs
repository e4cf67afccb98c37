using Deployer.Providers;
using System.Text.Json;
using Deployer.Tests.Support;

namespace Deployer.Tests.Surface;

public class BuildSurfaceTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly BuildSurface _build = new();

    public void Dispose() => _build.Dispose();

    private static readonly string[] AllTargets =
    [
        "Test", "BuildImage", "PushImage", "Migrate", "DeployEcs", "DeploySam", "DeployAmplify", "DeployVercel",
        "DeployStaticSite", "DeployHomeServer", "DeployStaging", "DeployProduction", "Promote", "Rollback",
    ];

    [Fact]
    public void Help_lists_every_target_with_its_dependencies_and_every_parameter()
    {
        var result = _build.Run("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var target in AllTargets) Assert.Contains($"  {target}", result.Out);
        Assert.Matches(@"PushImage\s+-> BuildImage", result.Out);
        Assert.Matches(@"DeployProduction\s+-> Test", result.Out);
        foreach (var parameter in new[] { "--config", "--environment", "--dry-run", "--output", "--git-sha", "--skip", "--plan", "--profile", "--root" })
            Assert.Contains(parameter, result.Out);
        Assert.Contains("--github-token (secret)", result.Out);
    }

    [Fact]
    public void The_saas_dry_run_shows_build_push_migration_services_and_frontend_without_credentials()
    {
        var result = _build.Run("DeployProduction", "--dry-run", "--config", "examples/saas/deploy.yml", "--git-sha", Sha);

        Assert.Equal(0, result.ExitCode);
        foreach (var step in new[] { "build-image:backend", "push-image:backend", "scan-image:backend", "migrate", "deploy-ecs:backend", "deploy-ecs:worker", "deploy-vercel:saas-frontend", "verify" })
            Assert.Contains($"  {step} ", result.Out);
        Assert.Contains("Stage 5: 3 steps in parallel", result.Out);
        Assert.Contains("would run pytest: python -m pytest", result.Out);
        Assert.Contains("Build succeeded", result.Out);
    }

    public static TheoryData<string> Examples() =>
        new(Repository.Examples().Select(file => Path.GetFileName(Path.GetDirectoryName(file))!));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_has_a_production_dry_run_that_exits_zero(string example)
    {
        var result = _build.Run("DeployProduction", "--dry-run", "--config", $"examples/{example}/deploy.yml", "--git-sha", Sha);

        if (Unavailable(example) is { } refused)
        {
            AssertRefused(result, refused);
            return;
        }
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Plan: {example} → production (release of 0123456789ab)", result.Out);
    }

    /// <summary>What an example asks for that this version cannot run (an oci or ssh registry), or null.</summary>
    private static Deployer.Config.ConfigIssue? Unavailable(string example)
    {
        var file = Repository.PathOf("examples", example, "deploy.yml");
        return Deployer.Config.Availability.Check(Deployer.Providers.ProviderModules.Loader.LoadFile(file, file, new Dictionary<string, string>()).OrThrow()).FirstOrDefault();
    }

    /// <summary>Such an example is refused like bad input, naming the key, rather than planned and failed mid-release.</summary>
    private static void AssertRefused(SurfaceResult result, Deployer.Config.ConfigIssue refused)
    {
        Assert.True(result.ExitCode == 2, result.All);
        Assert.Contains($"{refused.Path}: {refused.Message}", result.All);
    }

    public static TheoryData<string, string> ExampleEnvironments() => Deployer.Tests.Examples.ExamplePlanTests.Environments();

    [Theory]
    [MemberData(nameof(ExampleEnvironments))]
    public void Every_example_environment_plans_through_the_provider_targets(string example, string environment)
    {
        var result = _build.Run("BuildImage", "PushImage", "Migrate", "DeployEcs", "DeploySam", "DeployAmplify", "DeployVercel",
            "DeployStaticSite", "DeployHomeServer", "--dry-run", "--config", $"examples/{example}/deploy.yml", "--git-sha", Sha,
            "--environment", environment);

        if (Unavailable(example) is { } refused)
        {
            AssertRefused(result, refused);
            return;
        }
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"Plan: {example} → {environment}", result.Out);
        Assert.DoesNotContain("Failed", result.Out);
    }

    [Fact]
    public void Json_output_is_one_document_on_standard_output_with_progress_on_standard_error()
    {
        var result = _build.Run("DeployProduction", "--dry-run", "--output", "json", "--config", "examples/saas/deploy.yml", "--git-sha", Sha, "--skip");

        Assert.Equal(0, result.ExitCode);
        using var plan = JsonDocument.Parse(result.Out);
        Assert.Equal("production", plan.RootElement.GetProperty("environment").GetString());
        Assert.Equal(8, plan.RootElement.GetProperty("steps").GetArrayLength());
        Assert.Equal(["deploy-ecs:backend", "deploy-ecs:worker", "deploy-vercel:saas-frontend"],
            plan.RootElement.GetProperty("stages")[4].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(File.ReadAllText(_build.ResultFile), result.Out);
    }

    [Fact]
    public void A_description_with_several_mistakes_is_rejected_with_all_of_them_and_no_stack_trace()
    {
        var file = Path.Combine(_build.Root, "broken.yml");
        File.WriteAllText(file, """
            app: shop
            imagez: {}
            images:
              backend: { context: backend, platform: 64 }
            environments:
              production:
                aws: { account: "123456789012", region: eu-west-1 }
                cluster: shop
                services:
                  - name: api
                    image: backnd
                    desiredCount: many
                  - image: backend
            """);

        var result = _build.Run("DeployProduction", "--dry-run", "--skip", "--config", file, "--git-sha", Sha);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}:2:1: imagez: unknown key 'imagez' (did you mean 'images'?)", result.All);
        Assert.Contains($"{file}:11:9: environments.production.services[0].image: image 'backnd' is not defined in 'images' (did you mean 'backend'?)", result.All);
        Assert.Contains($"{file}:12:23: environments.production.services[0].desiredCount: 'many' is not valid here: expected a whole number", result.All);
        Assert.Contains($"{file}:13:9: environments.production.services[1]: missing required key 'name'", result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.DoesNotContain("Exception", result.All);
    }

    [Fact]
    public void Under_github_actions_a_description_error_is_an_annotation_at_its_file_even_when_the_name_holds_commas_and_colons()
    {
        _build.Environment["GITHUB_ACTIONS"] = "true";
        var file = Path.Combine(_build.Root, "shop,line=9::error::x.yml");
        File.WriteAllText(file, "app: shop\nimagez: {}\n");

        var result = _build.Run("DeployProduction", "--dry-run", "--skip", "--config", file, "--git-sha", Sha);

        Assert.Equal(2, result.ExitCode);
        var commands = RunnerCommandReader.Commands(result.All);
        var annotation = Assert.Single(commands, c => c.Name == "error" && c.Data.Contains("imagez", StringComparison.Ordinal));
        Assert.Equal(file, annotation.Properties["file"]);
        Assert.Equal("2", annotation.Properties["line"]);
        Assert.All(commands, c => Assert.Contains(c.Name, new[] { "error", "group", "endgroup" }));
    }

    [Fact]
    public void Broken_yaml_is_rejected_cleanly()
    {
        var file = Path.Combine(_build.Root, "broken.yml");
        File.WriteAllText(file, "app: shop\nenvironments:\n  production: [unclosed\n");

        var result = _build.Run("DeployProduction", "--dry-run", "--skip", "--config", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}:4:1: invalid YAML:", result.All);
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public void An_unknown_environment_is_named_and_nothing_runs()
    {
        var result = _build.Run("DeployEcs", "--dry-run", "--config", "examples/saas/deploy.yml", "--environment", "prod");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Environment 'prod' is not defined in the deploy description", result.All);
    }

    [Fact]
    public void A_home_server_behind_traefik_without_its_key_is_refused_with_exit_2_before_any_change()
    {
        var config = Path.Combine(_build.Root, "deploy.yml");
        File.WriteAllText(config, """
            app: shop
            environments:
              staging:
                homeServers:
                  - host: home.example.com
                    user: deploy
                    privateKey: { env: HOME_KEY }
                    hostKey: SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY
                    proxy: { kind: traefik, configPath: /etc/traefik/dynamic/shop.yml }
                    services: [{ name: web, imageUri: "nginx:1.27", port: 8080, domain: shop.example.com, healthPath: / }]
            """);
        var result = _build.Run("DeployHomeServer", "--config", config, "--environment", "staging", "--git-sha", Sha);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: the plan cannot run as configured; nothing was changed:", result.All);
        Assert.DoesNotContain("proxy.kind", result.All);
        Assert.Contains("environments.staging.homeServers[0].privateKey:", result.All);
        using var json = JsonDocument.Parse(File.ReadAllText(_build.ResultFile));
        Assert.Equal("InvalidInput", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void Deploying_to_vercel_without_a_token_is_refused_with_exit_2_naming_it_before_any_change()
    {
        var result = _build.Run("DeployVercel", "--config", "examples/saas/deploy.yml", "--environment", "staging", "--git-sha", Sha);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("VERCEL_TOKEN (or --vercel-token) is not set", result.All);
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public void Deploying_without_aws_credentials_says_how_to_provide_them_and_changes_nothing()
    {
        var result = _build.Run("DeployEcs", "--config", "examples/saas/deploy.yml", "--environment", "staging", "--git-sha", Sha);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: the plan cannot run as configured; nothing was changed:", result.All);
        Assert.Contains("id-token: write", result.All);
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public void A_dry_run_without_credentials_says_live_state_was_not_read()
    {
        var result = _build.Run("DeployEcs", "--dry-run", "--config", "examples/saas/deploy.yml", "--environment", "staging", "--git-sha", Sha);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(live state not read: no AWS credentials, so the plan is not compared with what is live)", result.Out);
    }

    [Fact]
    public void An_unknown_target_lists_the_available_ones()
    {
        var result = _build.Run("DeployProd");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Target with name 'DeployProd' does not exist. Available targets are:", result.All);
        Assert.Contains("  - DeployProduction", result.All);
    }
}

public class BuildSchemaFileTests
{
    [Fact]
    public void The_committed_nuke_build_schema_lists_the_current_targets_and_parameters()
    {
        var committed = File.ReadAllText(Repository.PathOf(".nuke", "build.schema.json"));

        Assert.Equal(Deployer.BuildEngine.BuildSchema.Generate(typeof(Build)), committed);
    }
}
