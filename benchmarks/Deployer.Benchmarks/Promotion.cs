using System.Net.Http.Headers;
using System.Text;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Providers.Images;
using Deployer.Tests.Support;

namespace Deployer.Benchmarks;

/// <summary>
/// Promotion by retagging (ECR BatchGetImage + PutImage through moto, and the same manifest GET + PUT on the local
/// registry), and across registries by digest (<see cref="RegistryCopy"/> between two local registries), against
/// pulling the image and pushing it again into the other registry with buildah.
/// </summary>
public static class Promotion
{
    private const int Runs = 5;

    public static async Task RunAsync()
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        try
        {
            await using var registry = await OciRegistry.StartAsync("bench", "bench-password");
            await using var production = await OciRegistry.StartAsync("bench", "production-password");
            using var transport = new SocketsHttpHandler();
            using var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
            using (var builder = new ImageSandbox("buildah", new SilentOutput()))
            {
                var built = new ImageBuildRequest(builder.BusyboxContext()) { Tags = ["bench/app:v1"] };
                await builder.Publisher.PublishAsync(built, registry.Reference("app", "v1"), registry.Login, CancellationToken.None);
            }
            var manifest = await registry.GetManifestAsync("app", "v1");
            await aws.Ecr.CreateRepositoryAsync("app", scanOnPush: true, immutableTags: false, CancellationToken.None);
            await aws.Ecr.PutImageAsync("app", new EcrManifest(manifest.Json, manifest.MediaType, manifest.Digest), "v1", CancellationToken.None);

            var ecrRetag = new List<TimeSpan>();
            var registryRetag = new List<TimeSpan>();
            var pullPush = new List<TimeSpan>();
            var copy = new List<TimeSpan>();
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("bench:bench-password")));
            for (var i = 0; i < Runs; i++)
            {
                ecrRetag.Add(await Measure.TimeAsync(() => EcrRetag.TagAsync(aws.Ecr, "app", manifest.Digest, $"promoted-{i}", CancellationToken.None)));
                registryRetag.Add(await Measure.TimeAsync(() => RegistryRetag(http, registry.Host, manifest.MediaType, $"promoted-{i}")));
                // A fresh repository per copy, so every blob crosses, as on a first promotion.
                copy.Add(await Measure.TimeAsync(() => new RegistryCopy(transport, _ => { }).CopyAsync(
                    new RegistryEndpoint(new Uri($"http://{registry.Host}/"), "app", registry.Login), manifest.Digest,
                    new RegistryEndpoint(new Uri($"http://{production.Host}/"), $"app-{i}", production.Login), "v1", CancellationToken.None)));
                // A fresh storage per copy: promotion on a runner starts without the image.
                using var copier = new ImageSandbox("buildah", new SilentOutput());
                pullPush.Add((await ImageCopyTiming.PullPushAsync(copier.Publisher, registry.Reference("app", "v1"), registry.Login,
                    production.Reference("app-copy", $"v{i}"), production.Login)).Elapsed);
                Console.WriteLine($"  run {i + 1}: ECR retag {ecrRetag[^1].TotalSeconds:0.000} s, registry retag {registryRetag[^1].TotalSeconds:0.000} s, " +
                                  $"copy by digest {copy[^1].TotalSeconds:0.000} s, pull+push {pullPush[^1].TotalSeconds:0.000} s");
            }
            Measure.Report("pull + push through the local registry", Measure.Median(pullPush), "ECR retag (BatchGetImage + PutImage)", Measure.Median(ecrRetag),
                "pull+push / retag; target: retag at least 10x faster, so at least 10");
            Console.WriteLine($"  pull+push / registry manifest retag: {Measure.Median(pullPush) / Measure.Median(registryRetag):0.0}");
            Measure.Report("pull + push into the other registry", Measure.Median(pullPush), "copy by digest across registries", Measure.Median(copy),
                "pull+push / copy; the copy moves the same blobs without unpacking or recompressing");
        }
        finally
        {
            await moto.DisposeAsync();
        }
    }

    /// <summary>The registry-level equivalent of PutImage: the manifest fetched by tag and put back under a new tag.</summary>
    private static async Task RegistryRetag(HttpClient http, string host, string mediaType, string tag)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"http://{host}/v2/app/manifests/v1");
        get.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        using var response = await http.SendAsync(get);
        var body = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"http://{host}/v2/app/manifests/{tag}") { Content = new ByteArrayContent(body) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        (await http.SendAsync(put)).EnsureSuccessStatusCode();
    }
}
