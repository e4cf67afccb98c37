using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class RequirementTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class RequiringBuild : RecordingBuild
    {
        [Parameter] readonly string? AwsRegion = null;
        [Parameter] readonly string ImageTag = "";
        [Parameter] readonly int Retries = 0;
        [Parameter] readonly string[] Services = [];
        [Parameter] readonly int Replicas = 1;

        Target Build => _ => _.Requires(() => ImageTag).Executes(() => Record("Build"));
        Target Migrate => _ => _.Requires(() => AwsRegion).Executes(() => Record("Migrate"));
        Target Deploy => _ => _.DependsOn(Build, Migrate)
            .Requires(() => AwsRegion)
            .Requires(() => Services)
            .Requires(() => Retries)
            .Requires(() => Replicas > 2 && Replicas < 10)
            .Executes(() => Record("Deploy"));
        Target Offline => _ => _.Requires(() => AwsRegion).Executes(() => Record("Offline"));
    }

    [Fact]
    public void All_failed_requirements_are_reported_together_and_nothing_runs()
    {
        var result = _fixture.Run<RequiringBuild>("Deploy");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Log);
        var lines = result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Requirements are not met, so no target was run:", lines[0]);
        Assert.Contains(lines, l => l.Contains("Parameter 'image-tag' is required by target Build"));
        Assert.Contains(lines, l => l.Contains("Parameter 'aws-region' is required by targets Migrate, Deploy: pass --aws-region, set AWS_REGION, or add AwsRegion to .nuke/parameters.json."));
        Assert.Contains(lines, l => l.Contains("Parameter 'services' is required by target Deploy"));
        Assert.Contains(lines, l => l.Contains("Parameter 'retries' is required by target Deploy"));
        Assert.Contains(lines, l => l.Contains("Requirement 'Replicas > 2 && Replicas < 10' of target Deploy is not met."));
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void Satisfied_requirements_let_the_run_start()
    {
        var result = _fixture.Run<RequiringBuild>(
            "Deploy", "--aws-region", "eu-west-1", "--image-tag", "abc", "--services", "api", "--retries", "2", "--replicas", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Build", "Migrate", "Deploy"], result.Log);
    }

    [Fact]
    public void Requirements_of_skipped_targets_are_not_checked()
    {
        var result = _fixture.Run<RequiringBuild>("Deploy", "--skip", "Build", "Migrate",
            "--aws-region", "eu-west-1", "--services", "api", "--retries", "2", "--replicas", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Deploy"], result.Log);
    }

    private sealed class GuardedBuild : RecordingBuild
    {
        [Parameter] readonly string? Stage = null;
        [Parameter] readonly int Replicas = 1;
        [Parameter, Secret] readonly string? Token = null;

        Target Staging => _ => _
            .Requires(() => Stage == null || Stage == "staging")
            .Requires(() => Replicas < 5 || Token != null)
            .Requires(() => Token == null || Token.StartsWith("ghp_"))
            .Executes(() => Record("Staging"));
    }

    [Fact]
    public void A_failed_condition_shows_the_parameters_it_reads_and_where_their_values_came_from()
    {
        _fixture.Environment["REPLICAS"] = "7";

        var result = _fixture.Run<GuardedBuild>("Staging", "--stage", "production");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Requirement 'Stage == null || Stage == \"staging\"' of target Staging is not met. Given: --stage production (from command line --stage).", result.Error);
        Assert.Contains("Requirement 'Replicas < 5 || Token != null' of target Staging is not met. Given: --replicas 7 (from environment variable REPLICAS), --token (not set).", result.Error);
    }

    [Fact]
    public void A_secret_read_by_a_failed_condition_is_shown_redacted()
    {
        var result = _fixture.Run<GuardedBuild>("Staging", "--stage", "production", "--token", "tok-3141592653");

        Assert.Contains("Requirement 'Token == null || Token.StartsWith(\"ghp_\")' of target Staging is not met. Given: --token [REDACTED] (from command line --token).", result.Error);
        Assert.DoesNotContain("tok-3141592653", result.All);
    }

    private sealed class InitializedBuild : RecordingBuild
    {
        [Parameter] readonly string Stage = "";
        string? _derived;

        protected override void OnBuildInitialized() => _derived = Stage == "" ? null : $"{Stage}-cluster";

        Target Deploy => _ => _.Requires(() => _derived).Executes(() => Record(_derived!));
    }

    [Fact]
    public void Requirements_are_checked_after_OnBuildInitialized()
    {
        Assert.Equal(["prod-cluster"], _fixture.Run<InitializedBuild>("Deploy", "--stage", "prod").Log);

        var missing = _fixture.Run<InitializedBuild>("Deploy");
        Assert.Contains("Parameter 'derived' is required by target Deploy.", missing.Error);
    }
}
