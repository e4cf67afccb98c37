using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;

namespace Deployer.Tests.Simulators;

/// <summary>
/// The AWS CLI v1 (and boto3 for what it lacks) against a local endpoint: clients nobody here wrote. Fake credentials
/// reach the child process through its environment only; no profile or config file of the machine is read.
/// </summary>
public sealed class AwsCli(Uri endpoint)
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonObject Json => JsonNode.Parse(Stdout)?.AsObject() ?? throw new InvalidOperationException($"no JSON on stdout; stderr: {Stderr}");
    }

    /// <summary>botocore's retry settings for the child: "standard" mode, this many attempts in all.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>Runs <c>aws --endpoint-url … --region us-east-1 --output json ecs &lt;args&gt;</c>.</summary>
    public Task<Result> EcsAsync(params string[] arguments) =>
        RunAsync("aws", ["--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", "us-east-1", "--output", "json", "ecs", .. arguments]);

    /// <summary>Runs <c>aws ecs …</c> and fails the test unless it exits 0; returns its JSON output.</summary>
    public async Task<JsonObject> EcsJsonAsync(params string[] arguments)
    {
        var result = await EcsAsync(arguments);
        Assert.True(result.ExitCode == 0, $"aws ecs {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        return result.Json;
    }

    /// <summary>Runs <c>aws --endpoint-url … application-autoscaling &lt;args&gt;</c>.</summary>
    public Task<Result> ApplicationAutoScalingAsync(params string[] arguments) =>
        RunAsync("aws", ["--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", "us-east-1", "--output", "json", "application-autoscaling", .. arguments]);

    /// <summary>Runs a Python script with boto3 given an <c>ecs</c> client bound to the endpoint; the script prints JSON.</summary>
    public Task<Result> Boto3Async(string script) =>
        RunAsync("python3", ["-c",
            "import boto3, json, sys\n" +
            $"ecs = boto3.client('ecs', endpoint_url='{endpoint.ToString().TrimEnd('/')}', region_name='us-east-1')\n" +
            script]);

    private async Task<Result> RunAsync(string program, string[] arguments)
    {
        var home = Path.Combine(Path.GetTempPath(), "deployer-aws-cli-home");
        var result = await Cli.Wrap(program)
            .WithArguments(arguments)
            .WithEnvironmentVariables(env => env
                .Set("AWS_ACCESS_KEY_ID", "AKIDSIMULATOR0000000")
                .Set("AWS_SECRET_ACCESS_KEY", "simulator-secret-not-real")
                .Set("AWS_SESSION_TOKEN", null)
                .Set("AWS_PROFILE", null)
                .Set("AWS_DEFAULT_PROFILE", null)
                .Set("AWS_REGION", "us-east-1")
                .Set("AWS_DEFAULT_REGION", "us-east-1")
                .Set("AWS_CONFIG_FILE", Path.Combine(home, "config"))
                .Set("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(home, "credentials"))
                .Set("AWS_EC2_METADATA_DISABLED", "true")
                .Set("AWS_RETRY_MODE", "standard")
                .Set("AWS_MAX_ATTEMPTS", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Set("AWS_PAGER", ""))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
