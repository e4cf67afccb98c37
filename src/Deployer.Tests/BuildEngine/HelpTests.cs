using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class HelpTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public enum Environment
    {
        Staging,
        Production,
    }

    private sealed class HelpBuild : RecordingBuild
    {
        [Parameter("AWS region to deploy to")] readonly string AwsRegion = "eu-west-1";
        [Parameter("Target environment")] readonly Environment Stage = Environment.Staging;
        [Parameter("Deploy key"), Secret] readonly string DeployKey = "";
        [Parameter] readonly int Retries = 3;

        Target Restore => _ => _.Executes(() => Record("Restore"));
        Target Compile => _ => _.Description("Compiles the solution").DependsOn(Restore).Executes(() => Record("Compile"));
        public Target Test => _ => _.Description("Runs the unit tests").DependsOn(Compile, Restore)
            .Executes(() => Record($"Test {AwsRegion} {Stage} {DeployKey} {Retries}"));
        Target Scratch => _ => _.Unlisted().DependsOn(Test).Executes(() => Record("Scratch"));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("Test", "--help", "--unknown-option")]
    public void Help_lists_targets_with_dependencies_and_descriptions_then_parameters_and_runs_nothing(params string[] args)
    {
        _fixture.Environment["DEPLOY_KEY"] = "dk_live_123456";

        var result = _fixture.Run<HelpBuild>(args, x => x.Test);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Log);
        var lines = result.Out.Split(System.Environment.NewLine);
        var targets = lines.SkipWhile(l => !l.StartsWith("Targets")).Skip(2).TakeWhile(l => l != "").ToList();
        Assert.Equal(3, targets.Count);
        Assert.Matches(@"^  Compile +-> Restore +Compiles the solution$", targets[0]);
        Assert.Equal("  Restore", targets[1]);
        Assert.Matches(@"^  Test \(default\) +-> Compile, Restore +Runs the unit tests$", targets[2]);
        Assert.DoesNotContain("Scratch", result.Out);

        var parameters = lines.SkipWhile(l => l != "Parameters:").Skip(2).TakeWhile(l => l != "").ToList();
        Assert.Equal(4, parameters.Count);
        Assert.Matches(@"^  --aws-region +AWS region to deploy to$", parameters[0]);
        Assert.Matches(@"^  --deploy-key \(secret\) +Deploy key$", parameters[1]);
        Assert.Matches(@"^  --retries +<a whole number>$", parameters[2]);
        Assert.Matches(@"^  --stage +Target environment <one of Staging, Production>$", parameters[3]);
        Assert.DoesNotContain("dk_live_123456", result.All);

        Assert.Contains("--skip [names]", result.Out);
        Assert.Contains("--profile <name>", result.Out);
        Assert.Contains("--verbosity <level>", result.Out);
    }
}
