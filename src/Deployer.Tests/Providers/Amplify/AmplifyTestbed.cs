using Amazon.S3.Model;
using Deployer.Aws;
using Deployer.Providers.Amplify;
using Deployer.Simulators.Amplify;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>
/// An Amplify simulator with app <see cref="AppId"/> (branches staging and main), a fresh bucket in moto, a build folder,
/// and the run's AWS clients pointed at both; disposed with the test.
/// </summary>
public sealed class AmplifyTestbed : IAsyncDisposable
{
    public const string AppId = "d1a2b3c4d5e6f7";

    private AmplifyTestbed(AmplifySimulator simulator, AwsClients aws, string root, string bucket)
    {
        Simulator = simulator;
        Aws = aws;
        Root = root;
        Bucket = bucket;
    }

    public AmplifySimulator Simulator { get; }
    public AwsClients Aws { get; }
    public string Root { get; }
    public string Bucket { get; }
    public string Dist => Path.Combine(Root, "dist");

    /// <summary>The environment a run gets: moto for S3, the simulator for Amplify.</summary>
    public static IReadOnlyDictionary<string, string> Environment(MotoServer moto, AmplifySimulator simulator) =>
        moto.Environment(("AWS_ENDPOINT_URL_AMPLIFY", simulator.Endpoint.ToString()));

    public static async Task<AmplifyTestbed> StartAsync(MotoServer moto, AmplifySimulatorOptions? options = null, HttpMessageHandler? transport = null)
    {
        var simulator = await AmplifySimulator.StartAsync(options);
        simulator.AddApp(AppId, "mdreader", "staging", "main");
        var aws = AwsClients.FromEnvironment(Environment(moto, simulator), null, TimeProvider.System, transport);
        var bucket = $"amplify-artifacts-{Guid.NewGuid():N}"[..40];
        await aws.S3.PutBucketAsync(bucket);
        var root = Directory.CreateTempSubdirectory("deployer-amplify-").FullName;
        return new AmplifyTestbed(simulator, aws, root, bucket);
    }

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Dist, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public AmplifyStepHandler Handler(TimeProvider? time = null) =>
        new(Aws.Amplify, new AmplifyArtifacts(Aws.S3), new AmplifySiteCheck(new HttpClient(), time ?? TimeProvider.System, TimeSpan.FromMilliseconds(20), 3),
            Root, time ?? TimeProvider.System, TimeSpan.FromMilliseconds(20));

    public DeployAmplifyAppStep Step(string branch = "staging", bool stopPendingJobs = false, int timeoutMinutes = 15) =>
        new($"deploy-amplify:{AppId}/{branch}", [], new AmplifyAppSpec
        {
            AppId = AppId, Branch = branch, Artifact = "dist", ArtifactBucket = Bucket, Url = Simulator.SiteUrl(AppId, branch).ToString(),
            StopPendingJobs = stopPendingJobs, TimeoutMinutes = timeoutMinutes,
        }) { ConfigPath = "environments.staging.amplify[0]" };

    /// <summary>The keys the artifact bucket holds.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync() =>
        (await Aws.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket })).S3Objects?.Select(o => o.Key).Order(StringComparer.Ordinal).ToArray() ?? [];

    public async Task<string> ServedAsync(string branch, string path = "")
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(Simulator.SiteUrl(AppId, branch), path));
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    public async ValueTask DisposeAsync()
    {
        Aws.Dispose();
        await Simulator.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
