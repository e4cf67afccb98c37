using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Deployer.Aws;
using Deployer.Execution;
using Deployer.Providers.Sam;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Sam;

/// <summary>moto behind a <see cref="CloudFormationFront"/>, an artifact bucket, a copy of the sample SAM app and the handler pointed at them.</summary>
public sealed class SamTestbed : IAsyncDisposable
{
    private readonly MotoServer _moto;

    private SamTestbed(MotoServer moto, string root, string bucket, CloudFormationFront front, AwsClients clients)
    {
        _moto = moto;
        Root = root;
        Bucket = bucket;
        Front = front;
        Clients = clients;
    }

    public string Root { get; }
    public string Bucket { get; }
    public CloudFormationFront Front { get; }
    public AwsClients Clients { get; }
    public List<string> Log { get; } = [];
    public SecretValues Secrets { get; } = new();
    /// <summary>Variables added to the injected environment (secrets the description references by 'env').</summary>
    public Dictionary<string, string> Extra { get; } = [];

    public IReadOnlyDictionary<string, string> Environment =>
        _moto.Environment([("PATH", System.Environment.GetEnvironmentVariable("PATH") ?? ""), .. Extra.Select(e => (e.Key, e.Value))]);

    /// <summary>
    /// A stack whose <c>ApiUrl</c> output names the bucket moto generates, so no test can know it in advance: what the
    /// output tests read from a real deployed stack.
    /// </summary>
    public const string ApiTemplate = """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: An API stack whose URL later steps read.
        Parameters:
          Stage:
            Type: String
        Resources:
          Api:
            Type: AWS::S3::Bucket
            Properties:
              Tags:
                - Key: stage
                  Value: !Ref Stage
        Outputs:
          ApiUrl:
            Value: !Sub "https://${Api}.s3.amazonaws.com/api"
        """;

    public static async Task<SamTestbed> StartAsync(MotoServer moto)
    {
        var root = Directory.CreateTempSubdirectory("deployer-sam-").FullName;
        CopyDirectory(Repository.PathOf("src", "Deployer.Tests", "Providers", "Sam", "SampleApp"), Path.Combine(root, "app"));
        var front = new CloudFormationFront();
        var clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System, front);
        var bucket = $"artifacts-{Guid.NewGuid():N}"[..30];
        await clients.S3.PutBucketAsync(bucket);
        return new SamTestbed(moto, root, bucket, front, clients);
    }

    public static string StackName(string prefix = "notes") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public SamStackSpec Spec(string stack, string template = "app/template.yaml") => new()
    {
        Stack = stack, Template = template, S3Bucket = Bucket, Parameters = new Dictionary<string, string> { ["Stage"] = "staging" },
    };

    public static DeploySamStackStep Step(SamStackSpec spec, string? recorded = null) =>
        new($"deploy-sam:{spec.Stack}", [], spec, MotoServer.Region, [new("app", "notes"), new("environment", "staging"), new("sha", "5e1ec7ed")])
        {
            RecordedTemplate = recorded,
        };

    public SamStepHandler Handler(bool forceUpload = false) => Handler(Clients.CloudFormation, TimeProvider.System, forceUpload);

    /// <summary>The handler with another CloudFormation (a scripted one) and clock; S3 stays moto's.</summary>
    public SamStepHandler Handler(Deployer.Aws.CloudFormation.ICloudFormationApi cloudFormation, TimeProvider time, bool forceUpload = false) =>
        new(cloudFormation, Clients.S3, new SecretResolver(Environment, Secrets, Clients.SecretsManagerStore), Root, Environment,
            time, (_, line) => { lock (Log) Log.Add(line); }, new StackPolling(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)))
        {
            ForceUpload = forceUpload,
        };

    public Task<StepResult> DeployAsync(SamStackSpec spec, string? recorded = null, CancellationToken cancellationToken = default) =>
        Handler().RunAsync(Step(spec, recorded), new ExecutionState(), cancellationToken);

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>The Lambda functions moto holds (name → environment variables), read with a raw signed call.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> FunctionsAsync()
    {
        using var http = new HttpClient(new SigV4SigningHandler(new BasicAWSCredentials("AKIDMOTOTESTING", "moto-fake-secret-key"),
            Amazon.RegionEndpoint.GetBySystemName(MotoServer.Region), "lambda", new SocketsHttpHandler()));
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(_moto.Endpoint, "2015-03-31/functions/")));
        return document.RootElement.GetProperty("Functions").EnumerateArray().ToDictionary(
            f => f.GetProperty("FunctionName").GetString()!,
            f => (IReadOnlyDictionary<string, string>)(f.TryGetProperty("Environment", out var env) && env.TryGetProperty("Variables", out var variables)
                ? variables.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString() ?? "")
                : new Dictionary<string, string>()));
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    public ValueTask DisposeAsync()
    {
        Clients.Dispose();
        Front.Dispose();
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
