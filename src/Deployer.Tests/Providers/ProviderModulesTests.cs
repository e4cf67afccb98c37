using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Images;
using Deployer.Releases;
using Deployer.Secrets;
using Deployer.Simulators.Coolify;

namespace Deployer.Tests.Providers;

/// <summary>The module registry: one module per name and per step kind, and every step an available module plans has a handler.</summary>
public sealed class ProviderModulesTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB",
        ["AWS_SECRET_ACCESS_KEY"] = "stub-secret",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/",
        ["VERCEL_TOKEN"] = "stub-vercel-token",
    };

    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void The_registered_modules_have_unique_names_and_claim_every_step_kind_once()
    {
        Assert.Equal(ProviderModules.All.Count, ProviderModules.All.Select(m => m.Name).Distinct().Count());
        Assert.Same(ProviderModules.All, ProviderModules.Checked(ProviderModules.All));
    }

    [Fact]
    public void A_module_registered_twice_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ProviderModules.Checked([.. ProviderModules.All, new ImagesModule()]));

        Assert.Contains("module 'images' is registered more than once", error.Message);
        Assert.Contains("step kind BuildImageStep is claimed by images and images", error.Message);
    }

    [Fact]
    public void A_step_kind_no_module_claims_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ProviderModules.Checked(ProviderModules.All.Where(m => m.Name != "verify").ToArray()));

        Assert.Contains("step kind VerifyStep belongs to no module", error.Message);
    }

    [Fact]
    public void Two_modules_cannot_declare_the_same_section()
    {
        var error = Assert.Throws<ArgumentException>(() => new DescriptionSections([.. ProviderModules.Sections.All, ProviderModules.Sections.All[0]]));

        Assert.Contains($"Section '{ProviderModules.Sections.All[0].Key}' is declared by more than one module", error.Message);
    }

    [Fact]
    public async Task Every_step_kind_of_an_available_module_has_a_handler_when_a_release_executes()
    {
        // Coolify's handler is only handed out once its token and applications were checked against an instance.
        await using var coolify = await CoolifySimulator.StartAsync();
        var application = coolify.AddApplication("monitoring", Sha);
        var environment = new Dictionary<string, string>(Environment)
        {
            ["COOLIFY_URL"] = coolify.Endpoint.ToString(), ["COOLIFY_APP"] = application.Uuid, ["COOLIFY_TOKEN"] = CoolifySimulatorOptions.Default.Token,
        };
        var description = ProviderModules.Loader.Load("deploy.yml", """
            app: shop
            images: { api: { context: . } }
            migrations: { tool: alembic, directory: . }
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                database:
                  connection: { secretsManager: shop/staging/database, key: url }
                  snapshot: { instance: shop-staging }
                cluster: shop-staging
                services: [{ name: api, image: api }]
                verify: [{ name: health, url: "https://shop.example/health" }]
                vercel: [{ project: shop-web, directory: . }]
                coolify: [{ name: pi, url: "${COOLIFY_URL}", token: { env: COOLIFY_TOKEN }, applications: ["${COOLIFY_APP}"] }]
              production:
                aws: { account: "123456789012", region: us-east-1 }
                promotesFrom: staging
                database: { connection: { secretsManager: shop/production/database, key: url } }
                cluster: shop-production
                services: [{ name: api, image: api }]
            """, environment).OrThrow();
        var staged = new Release("shop", "staging", Sha, PlanMode.Release,
            new Dictionary<string, string> { ["api"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api@sha256:" + new string('a', 64) },
            new Dictionary<string, string>(), null, []);
        var plans = new[]
        {
            ProviderModules.Plan(description, new PlanInputs("staging", Sha)),
            ProviderModules.Plan(description, new PlanInputs("production", Sha, PlanMode.Promotion, new LedgerEntry("1", staged, ReleaseStatus.Success, DateTimeOffset.UnixEpoch))),
        };
        var planned = new List<Step>();
        foreach (var plan in plans)
        {
            using var providers = await new StandardProviders(environment, new SecretValues(), TimeProvider.System, ProviderOptions.Default with { ContainerEngineName = "docker" })
                .CreateAsync(new ProviderRequest(description, plan, ".", false, (_, _) => { }), CancellationToken.None);
            Assert.Empty(providers.Problems);
            foreach (var step in plan.Steps)
                Assert.True(providers.Handlers.Any(h => h.Handles(step)), $"{step.Id} ({step.Kind}) has no handler");
            planned.AddRange(plan.Steps);
        }

        var kinds = ProviderModules.All.Where(m => m.Available).SelectMany(m => m.StepKinds).ToArray();
        Assert.Empty(kinds.Where(kind => planned.All(step => step.GetType() != kind)).Select(kind => kind.Name));
    }

    [Fact]
    public async Task A_plan_that_needs_a_module_without_a_handler_stops_before_any_change()
    {
        var description = ProviderModules.Loader.Load("deploy.yml", """
            app: shop
            environments:
              staging: { aws: { account: "123456789012", region: us-east-1 }, amplify: [{ appId: d1, branch: main, artifact: dist }] }
            """, Environment).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("staging", Sha));
        using var providers = await new StandardProviders(Environment, new SecretValues(), TimeProvider.System, ProviderOptions.Default)
            .CreateAsync(new ProviderRequest(description, plan, ".", false, (_, _) => { }), CancellationToken.None);

        var result = await new PlanExecutor(providers.Handlers, new SilentLog(), TimeProvider.System).ExecuteAsync(plan, CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Equal("Provider amplify is not available yet in this version of Deployer (steps: deploy-amplify:d1/main). Nothing was changed.", result.Message);
    }

    private sealed class SilentLog : IExecutionLog
    {
        public void StepStarted(Step step) { }
        public void StepFinished(Step step, StepResult result, TimeSpan duration) { }
        public void Compensating(Step step) { }
    }
}
