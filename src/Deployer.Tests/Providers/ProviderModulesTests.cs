using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Images;
using Deployer.Releases;
using Deployer.Secrets;
using Deployer.Simulators.Coolify;
using Deployer.Simulators.Vercel;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers;

/// <summary>The module registry: one module per name and per step kind, and every step an available module plans has a handler.</summary>
[Collection(Support.MotoCollection.Name)]
public sealed class ProviderModulesTests(Support.MotoServer moto)
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
        var dist = Directory.CreateTempSubdirectory("deployer-modules-").FullName;
        File.WriteAllText(Path.Combine(dist, "index.html"), "<h1>shop</h1>");
        var template = Path.Combine(Directory.CreateTempSubdirectory("deployer-modules-").FullName, "template.yaml");
        File.WriteAllText(template, "Resources: { Topic: { Type: AWS::SNS::Topic } }");
        // Coolify's handler is only handed out once its token and applications were checked against an instance.
        await using var coolify = await CoolifySimulator.StartAsync();
        var application = coolify.AddApplication("monitoring", Sha);
        // Vercel's token, team and project are asked of Vercel before its handler is handed out.
        await using var vercel = await VercelSimulator.StartAsync();
        var environment = new Dictionary<string, string>(Environment)
        {
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(), ["COOLIFY_URL"] = coolify.Endpoint.ToString(), ["COOLIFY_APP"] = application.Uuid, ["COOLIFY_TOKEN"] = CoolifySimulatorOptions.Default.Token,
            ["DEPLOYER_VERCEL_API_URL"] = vercel.Endpoint.ToString(), ["VERCEL_TOKEN"] = VercelSimulatorOptions.Default.Token,
            ["HOME_KEY"] = "read before any change; the host is only connected to when the step runs",
            ["HOME_DATABASE_URL"] = "postgresql://deploy@127.0.0.1:1/home",
        };
        // The static site's bucket, distribution and folder exist: its module checks them before it hands out a handler.
        using var aws = Deployer.Aws.AwsClients.FromEnvironment(environment, "us-east-1", TimeProvider.System);
        var bucket = $"site-{Guid.NewGuid():N}"[..24];
        await aws.S3.PutBucketAsync(bucket);
        var distribution = await Aws.CloudFrontApiClientTests.CreateDistributionAsync(moto);
        var root = Directory.CreateTempSubdirectory("deployer-modules-").FullName;
        File.WriteAllText(Path.Combine(root, "index.html"), "<html></html>");
        // A promotion migrates from the promoted release's commit, which must be in the repository.
        var releasedSha = await GitWorkTree.CommitAllAsync(root, "the staged release");
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
                amplify: [{ appId: d1, branch: staging, artifact: DIST, artifactBucket: shop-artifacts, build: "true" }]
                sam: [{ stack: shop-api, template: TEMPLATE, s3Bucket: shop-artifacts }]
                staticSites: [{ name: ui, directory: ., bucket: BUCKET, distributionId: DISTRIBUTION, build: "true" }]
                coolify: [{ name: pi, url: "${COOLIFY_URL}", token: { env: COOLIFY_TOKEN }, applications: ["${COOLIFY_APP}"] }]
                scan: { maxCritical: 0 }
                bake: { alarms: [shop-5xx], minutes: 1 }
              home:
                registry: { kind: ssh }
                database: { connection: { env: HOME_DATABASE_URL } }
                homeServers:
                  - { host: 127.0.0.1, user: deploy, privateKey: { env: HOME_KEY }, hostKey: "SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY",
                      proxy: { kind: nginx, configPath: upstreams.conf }, services: [{ name: web, image: api, port: 8080 }] }
              production:
                aws: { account: "123456789012", region: us-east-1 }
                promotesFrom: staging
                database: { connection: { secretsManager: shop/production/database, key: url } }
                cluster: shop-production
                services: [{ name: api, image: api }]
                amplify: [{ appId: d1, branch: main, artifact: DIST, artifactBucket: shop-artifacts }]
                sam: [{ stack: shop-api, template: TEMPLATE, s3Bucket: shop-artifacts }]
            """.Replace("BUCKET", bucket).Replace("DISTRIBUTION", distribution).Replace("DIST", dist).Replace("TEMPLATE", template), environment).OrThrow();
        var staged = new Release("shop", "staging", releasedSha, PlanMode.Release,
            new Dictionary<string, string> { ["api"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api@sha256:" + new string('a', 64) },
            new Dictionary<string, string>
            {
                ["deploy-amplify:d1/staging"] = "s3://shop-artifacts/amplify/d1/" + new string('b', 64) + ".zip",
                ["deploy-sam:shop-api"] = "s3://shop-artifacts/deployer/templates/0a1b.yaml",
            }, null, []);
        var plans = new[]
        {
            ProviderModules.Plan(description, new PlanInputs("staging", Sha)),
            ProviderModules.Plan(description, new PlanInputs("home", Sha)),
            ProviderModules.Plan(description, new PlanInputs("production", Sha, PlanMode.Promotion, new LedgerEntry("1", staged, ReleaseStatus.Success, DateTimeOffset.UnixEpoch).AsShipped())),
        };
        var planned = new List<Step>();
        foreach (var plan in plans)
        {
            using var providers = await new StandardProviders(environment, new SecretValues(), TimeProvider.System, ProviderOptions.Default with { ContainerEngineName = "docker" })
                .CreateAsync(new ProviderRequest(description, plan, root, false, (_, _) => { }), CancellationToken.None);
            Assert.Empty(providers.Problems);
            foreach (var step in plan.Steps)
                Assert.True(providers.Handlers.Any(h => h.Handles(step)), $"{step.Id} ({step.Kind}) has no handler");
            planned.AddRange(plan.Steps);
        }

        Directory.Delete(root, recursive: true);
        var kinds = ProviderModules.All.Where(m => m.Available).SelectMany(m => m.StepKinds).ToArray();
        Assert.Empty(kinds.Where(kind => planned.All(step => step.GetType() != kind)).Select(kind => kind.Name));
        Directory.Delete(dist, recursive: true);
    }

    [Fact]
    public async Task A_plan_with_a_step_no_handler_runs_stops_before_any_change()
    {
        var description = ProviderModules.Loader.Load("deploy.yml", """
            app: shop
            environments:
              staging:
                homeServers:
                  - host: home.example.com
                    user: deploy
                    privateKey: { env: HOME_KEY }
                    hostKey: SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY
                    proxy: { kind: nginx, configPath: /etc/nginx/conf.d/shop.conf }
                    services: [{ name: web, imageUri: "nginx:1.27", port: 8080, domain: shop.example.com, healthPath: / }]
            """, Environment).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("staging", Sha));

        // Every registered module has its handlers now; an executor handed none stands in for a module that lacks them.
        var result = await new PlanExecutor([], new SilentLog(), TimeProvider.System).ExecuteAsync(plan, CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Equal("Provider homeServers is not available yet in this version of Deployer (steps: deploy-home-server:home.example.com). Nothing was changed.", result.Message);
    }

    private sealed class SilentLog : IExecutionLog
    {
        public void StepStarted(Step step) { }
        public void StepFinished(Step step, StepResult result, TimeSpan duration) { }
        public void Compensating(Step step) { }
    }
}
