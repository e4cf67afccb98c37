using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployer.Aws;
using Deployer.Simulators.Amplify;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws.Amplify;

/// <summary>
/// The Amplify client's requests and the simulator's answers, both checked against botocore's <c>amplify</c> model: each
/// request is matched to an operation by method and URI template, its URI labels, query string and body put back into
/// the input shape, and each answer's body validated against the output shape.
/// </summary>
public sealed class AmplifyApiClientTests
{
    private const string App = "d9app";
    private static readonly ServiceModel Model = ServiceModel.Botocore;
    private static readonly string[] Operations = ["CreateDeployment", "StartDeployment", "GetJob", "ListJobs", "StopJob", "GetBranch", "GetApp"];

    private sealed record Exchange(HttpMethod Method, Uri Uri, string? Authorization, JsonNode? Body, int Status, JsonNode? Answer);

    /// <summary>Records the signed API calls as they go on the wire, with their answers.</summary>
    private sealed class Recorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentQueue<Exchange> Exchanges { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.StartsWith("/apps", StringComparison.Ordinal)) return response;
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            Exchanges.Enqueue(new Exchange(request.Method, request.RequestUri, request.Headers.TryGetValues("Authorization", out var signed) ? signed.Single() : null,
                string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body), (int)response.StatusCode, answer.Length == 0 ? null : JsonNode.Parse(answer)));
            return response;
        }
    }

    private static (string Operation, JsonObject Input) Input(Exchange exchange)
    {
        foreach (var name in Operations)
        {
            var http = Model.Operation("amplify", name)["http"]!;
            if ((string)http["method"]! != exchange.Method.Method) continue;
            var template = (string)http["requestUri"]!;
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)\}", "(?<$1>[^/]+)") + "$";
            var match = Regex.Match(exchange.Uri.AbsolutePath, pattern);
            if (!match.Success) continue;
            var input = exchange.Body?.DeepClone().AsObject() ?? new JsonObject();
            foreach (var group in match.Groups.Keys.Where(k => !int.TryParse(k, out _)))
                input[group] = Uri.UnescapeDataString(match.Groups[group].Value);
            var shape = Model.Shape("amplify", (string)Model.Operation("amplify", name)["input"]!["shape"]!);
            foreach (var pair in exchange.Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)))
            {
                var member = shape["members"]!.AsObject().FirstOrDefault(m => (string?)m.Value!["locationName"] == pair[0] && (string?)m.Value["location"] == "querystring");
                var type = member.Value is null ? "string" : (string)Model.Shape("amplify", (string)member.Value["shape"]!)["type"]!;
                input[member.Key ?? pair[0]] = type == "integer" ? JsonValue.Create(int.Parse(pair[1])) : JsonValue.Create(Uri.UnescapeDataString(pair[1]));
            }
            return (name, input);
        }
        throw new Xunit.Sdk.XunitException($"{exchange.Method} {exchange.Uri.AbsolutePath} matches no operation of botocore's amplify model");
    }

    [Fact]
    public void The_Amplify_constant_matches_the_botocore_metadata()
    {
        var metadata = Model.Metadata("amplify");

        Assert.Equal((AwsService.Amplify.ServiceId, AwsService.Amplify.SigningName, "rest-json"),
            ((string?)metadata["serviceId"], (string?)metadata["signingName"], (string?)metadata["protocol"]));
        Assert.Equal("AWS_ENDPOINT_URL_AMPLIFY", AwsService.Amplify.EndpointVariable);
    }

    [Fact]
    public async Task Every_request_and_every_answer_of_a_deploy_fits_the_botocore_model()
    {
        await using var simulator = await AmplifySimulator.StartAsync();
        simulator.AddApp(App, "site", "main");
        var recorder = new Recorder();
        using var aws = AwsClients.FromEnvironment(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB", ["AWS_SECRET_ACCESS_KEY"] = "stub-secret", ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL_AMPLIFY"] = simulator.Endpoint.ToString(),
        }, null, TimeProvider.System, recorder);
        var amplify = aws.Amplify;
        var zip = await ZipOf("index.html", "<p>hi</p>");

        Assert.Equal(App, (await amplify.GetAppAsync(App, CancellationToken.None)).AppId);
        Assert.Null((await amplify.GetBranchAsync(App, "main", CancellationToken.None)).ActiveJobId is { Length: > 0 } ? "active" : null);
        var created = await amplify.CreateDeploymentAsync(App, "main", CancellationToken.None);
        await amplify.UploadZipAsync(new Uri(created.ZipUploadUrl), zip, CancellationToken.None);
        var started = await amplify.StartDeploymentAsync(App, "main", created.JobId!, CancellationToken.None);
        Assert.Equal((created.JobId, "PENDING", "MANUAL"), (started.JobId, started.Status, started.JobType));
        while ((await amplify.GetJobAsync(App, "main", created.JobId!, CancellationToken.None)).Summary.Status != "SUCCEED") await Task.Delay(20);
        Assert.Equal(created.JobId, (await amplify.GetBranchAsync(App, "main", CancellationToken.None)).ActiveJobId);
        var second = await amplify.CreateDeploymentAsync(App, "main", CancellationToken.None);
        Assert.Equal([second.JobId, created.JobId], (await amplify.ListJobsAsync(App, "main", 10, CancellationToken.None)).Select(j => j.JobId));
        Assert.Equal("CANCELLING", (await amplify.StopJobAsync(App, "main", second.JobId!, CancellationToken.None)).Status);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => amplify.GetJobAsync(App, "main", "404", CancellationToken.None));
        Assert.Equal(("NotFoundException", 404, "Job 404 not found."), (missing.Code, missing.HttpStatus, missing.AwsMessage));

        var exchanges = recorder.Exchanges.ToArray();
        Assert.Equal(Operations.Order(), exchanges.Select(e => Input(e).Operation).Distinct().Order());
        foreach (var exchange in exchanges)
        {
            var (operation, input) = Input(exchange);
            Assert.Contains("/eu-west-1/amplify/aws4_request", exchange.Authorization);
            Assert.Empty(Model.ValidateInput("amplify", operation, input));
            if (exchange.Status == 200) Assert.Empty(Model.ValidateOutput("amplify", operation, exchange.Answer));
            else Assert.Equal(JsonNode.Parse("""{"message":"Job 404 not found."}"""), exchange.Answer, JsonNode.DeepEquals);
        }
    }

    [Fact]
    public async Task An_unsigned_request_is_refused_as_Amplify_refuses_it()
    {
        await using var simulator = await AmplifySimulator.StartAsync();
        simulator.AddApp(App, "site", "main");
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(simulator.Endpoint, $"apps/{App}"));

        Assert.Equal(401, (int)response.StatusCode);
        Assert.StartsWith("UnauthorizedException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    internal static async Task<byte[]> ZipOf(string name, string content)
    {
        var folder = Directory.CreateTempSubdirectory("deployer-amplify-client-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), content);
            return (await Deployer.Providers.Amplify.AmplifyZip.CreateAsync(folder, CancellationToken.None)).Bytes;
        }
        finally { Directory.Delete(folder, true); }
    }
}
