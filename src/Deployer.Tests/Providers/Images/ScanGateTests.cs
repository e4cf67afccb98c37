using Deployer.Aws.Ecr;
using Deployer.Config;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Images;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Providers.Images;

/// <summary>The scan gate's pure parts: the wait decision, the verdict, the description rules and the plan.</summary>
public sealed class ScanGateTests
{
    private static readonly ScanPolicy NoCritical = new(0, 2, null, TimeSpan.FromMinutes(10), []);

    private static EcrScanFindings Scan(string status, params EcrFinding[] findings) => new(status, null, findings, new Dictionary<string, int>());

    [Theory]
    [InlineData(null, false, false, ScanAction.StartScan)]
    [InlineData(null, true, false, ScanAction.Wait)]
    [InlineData(null, true, true, ScanAction.Fail)]
    [InlineData("IN_PROGRESS", false, false, ScanAction.Wait)]
    [InlineData("PENDING", true, false, ScanAction.Wait)]
    [InlineData("IN_PROGRESS", true, true, ScanAction.Fail)]
    [InlineData("COMPLETE", false, false, ScanAction.Judge)]
    [InlineData("COMPLETE", true, true, ScanAction.Judge)]
    [InlineData("ACTIVE", false, false, ScanAction.Judge)]
    [InlineData("FAILED", false, false, ScanAction.Fail)]
    [InlineData("UNSUPPORTED_IMAGE", false, false, ScanAction.Fail)]
    [InlineData("SCAN_ELIGIBILITY_EXPIRED", false, false, ScanAction.Fail)]
    public void The_wait_starts_a_missing_scan_waits_while_it_runs_and_judges_it_once_complete(string? status, bool started, bool timedOut, ScanAction expected)
    {
        var decision = ScanWait.Decide(status is null ? null : Scan(status), started, timedOut);

        Assert.Equal(expected, decision.Action);
        Assert.Equal(expected == ScanAction.Fail, decision.Reason is not null);
    }

    [Fact]
    public void A_failed_scan_says_what_ECR_said()
    {
        var decision = ScanWait.Decide(new EcrScanFindings("FAILED", "UnsupportedImageError: the image OS is not supported", [], new Dictionary<string, int>()), true, false);

        Assert.Equal("ECR reports the scan FAILED: UnsupportedImageError: the image OS is not supported", decision.Reason);
    }

    [Fact]
    public void One_critical_finding_breaks_a_zero_critical_threshold_and_is_shown_first()
    {
        var verdict = ScanGate.Judge([
            new("CVE-2026-0002", "HIGH", "zlib", "1.2.11", "1.2.12"),
            new("CVE-2026-0001", "CRITICAL", "openssl", "3.0.1", "3.0.13"),
            new("CVE-2026-0003", "LOW", "bash", "5.1"),
        ], NoCritical);

        Assert.False(verdict.Passed);
        Assert.Equal(["1 CRITICAL (max 0)"], verdict.Breaches);
        Assert.Equal(["CVE-2026-0001", "CVE-2026-0002", "CVE-2026-0003"], verdict.Worst.Select(f => f.Id));
        var screen = ScanGate.Explain(verdict).Split('\n');
        Assert.Equal("over the threshold: 1 CRITICAL (max 0)", screen[0]);
        Assert.Matches(@"^\s+CRITICAL\s+CVE-2026-0001\s+openssl 3\.0\.1\s+fixed in 3\.0\.13$", screen[1]);
        Assert.Matches(@"LOW\s+CVE-2026-0003\s+bash 5\.1\s+no fixed version reported$", screen[3]);
    }

    [Fact]
    public void Allow_listed_findings_are_not_counted_but_are_named()
    {
        var policy = NoCritical with { Allowed = [new AllowedFinding("cve-2026-0001", "not reachable: no TLS in this image", new DateOnly(2027, 1, 31))] };

        var verdict = ScanGate.Judge([new("CVE-2026-0001", "CRITICAL", "openssl"), new("CVE-2026-0002", "HIGH", "zlib")], policy);

        Assert.True(verdict.Passed);
        Assert.Equal(0, verdict.Count("CRITICAL"));
        Assert.Equal(1, verdict.Count("HIGH"));
        Assert.Equal(["CVE-2026-0001"], verdict.Allowed.Select(f => f.Id));
    }

    [Fact]
    public void A_threshold_is_the_most_findings_allowed_so_reaching_it_passes_and_passing_it_fails()
    {
        EcrFinding High(int i) => new($"CVE-2026-10{i}", "HIGH");

        Assert.True(ScanGate.Judge([High(1), High(2)], NoCritical).Passed);
        Assert.Equal(["3 HIGH (max 2)"], ScanGate.Judge([High(1), High(2), High(3)], NoCritical).Breaches);
        Assert.True(ScanGate.Judge([.. Enumerable.Range(0, 50).Select(i => new EcrFinding($"CVE-{i}", "MEDIUM"))], NoCritical).Passed);
    }

    [Fact]
    public void The_threshold_reads_as_a_sentence()
    {
        Assert.Equal("more than 0 CRITICAL or 2 HIGH fails the release; MEDIUM not limited", NoCritical.Threshold);
        Assert.Equal("no severity is limited", new ScanPolicy(null, null, null, TimeSpan.Zero, []).Threshold);
    }

    private const string Description = """
        app: shop
        images:
          api: { context: api }
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services: [{ name: api, image: api }]
            scan:
              maxCritical: 0
              maxHigh: 3
              allow:
                - id: CVE-2026-0001
                  reason: not reachable, no TLS here
                  expires: 2026-12-05
          production:
            promotesFrom: staging
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services: [{ name: api, image: api }]
            scan: { maxCritical: 0 }
        """;

    private static LoadResult LoadOn(int year, int month, int day) => ProviderModules.Loader.Load("deploy.yml", Description, new Dictionary<string, string>(), null,
        new FakeTimeProvider(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void An_allow_list_entry_holds_through_its_last_day_and_fails_validation_with_its_line_the_day_after()
    {
        Assert.True(LoadOn(2026, 12, 5).Succeeded);

        var error = Assert.Single(LoadOn(2026, 12, 6).Errors);

        Assert.Equal("environments.staging.scan.allow[0].expires", error.Path);
        Assert.Equal(15, error.Line);
        Assert.Contains("CVE-2026-0001 expired on 2026-12-05", error.Message);
    }

    [Fact]
    public void Malformed_scan_settings_are_reported_by_path_all_together()
    {
        var text = Description.Replace("maxHigh: 3", "maxHigh: -1\n      timeoutSeconds: 0").Replace("expires: 2026-12-05", "expires: next year");

        var errors = ProviderModules.Loader.Load("deploy.yml", text, new Dictionary<string, string>()).Errors;

        Assert.Equal(["environments.staging.scan.maxHigh", "environments.staging.scan.timeoutSeconds", "environments.staging.scan.allow[0].expires"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void The_scan_follows_each_push_and_every_deploy_waits_for_it_and_the_dry_run_names_the_threshold()
    {
        var plan = ProviderModules.Plan(LoadOn(2026, 12, 1).OrThrow(), new PlanInputs("staging", new string('a', 40)));

        var scan = Assert.IsType<ScanImageStep>(plan.Steps.Single(s => s.Id == "scan-image:api"));
        Assert.Equal(["push-image:api"], scan.DependsOn);
        Assert.Contains("scan-image:api", plan.Steps.Single(s => s.Id == "deploy-ecs:api").DependsOn);
        Assert.DoesNotContain("push-image:api", plan.Steps.Single(s => s.Id == "deploy-ecs:api").DependsOn);
        var details = scan.Details().ToDictionary(d => d.Item1, d => d.Item2);
        Assert.Equal("more than 0 CRITICAL or 3 HIGH fails the release; MEDIUM not limited (environments.staging.scan)", details["threshold"]);
        Assert.Equal("until 2026-12-05: not reachable, no TLS here", details["allow CVE-2026-0001"]);
    }

    [Fact]
    public void A_promotion_scans_the_digest_again_in_the_target_registry_and_a_rollback_does_not()
    {
        var description = LoadOn(2026, 12, 1).OrThrow();
        var source = new ShippedRelease("7", "staging", new string('a', 40), PlanMode.Release, "success", DateTimeOffset.UnixEpoch,
            new Dictionary<string, string> { ["api"] = $"123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api@sha256:{new string('1', 64)}" },
            new Dictionary<string, string>());

        var promotion = ProviderModules.Plan(description, new PlanInputs("production", new string('b', 40), PlanMode.Promotion, source));
        var rollback = ProviderModules.Plan(description, new PlanInputs("production", new string('b', 40), PlanMode.Rollback, source));

        Assert.Equal(["promote-image:api"], promotion.Steps.Single(s => s is ScanImageStep).DependsOn);
        Assert.Contains("scan-image:api", promotion.Steps.Single(s => s.Id == "deploy-ecs:api").DependsOn);
        Assert.DoesNotContain(rollback.Steps, s => s is ScanImageStep);
    }
}
