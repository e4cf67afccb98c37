using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Images;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>
/// DescribeImageScanFindings and StartImageScan against moto, whose scan results are set through its
/// <c>/moto-api/static/ecr/scan-finding-results</c> endpoint (it answers them verbatim, so each is first checked against
/// botocore's output shape), and the gate's polling loop against a stateful wire stub for the IN_PROGRESS phase moto lacks.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class EcrScanFindingsTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);

    public void Dispose() => _clients.Dispose();

    /// <summary>A repository holding one image; its digest.</summary>
    internal static async Task<string> ImageAsync(IEcrApi ecr, string repository, string tag)
    {
        await ecr.CreateRepositoryAsync(repository, scanOnPush: true, immutableTags: false, CancellationToken.None);
        var manifest = EcrApiClientTests.Manifest(repository);
        var digest = "sha256:" + EcrApiClientTests.Sha256(manifest);
        await ecr.PutImageAsync(repository, new EcrManifest(manifest, "application/vnd.docker.distribution.manifest.v2+json", digest), tag, CancellationToken.None);
        return digest;
    }

    /// <summary>A basic (Clair) scan result of one image, as ECR shapes it.</summary>
    internal static JsonObject BasicScan(string repository, string digest, params (string Id, string Severity, string Package)[] findings) => new()
    {
        ["registryId"] = MotoServer.AccountId,
        ["repositoryName"] = repository,
        ["imageId"] = new JsonObject { ["imageDigest"] = digest },
        ["imageScanStatus"] = new JsonObject { ["status"] = "COMPLETE", ["description"] = "The scan was completed successfully." },
        ["imageScanFindings"] = new JsonObject
        {
            ["findings"] = new JsonArray([.. findings.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Id,
                ["uri"] = $"https://cve.mitre.org/cgi-bin/cvename.cgi?name={f.Id}",
                ["severity"] = f.Severity,
                ["attributes"] = new JsonArray(
                    new JsonObject { ["key"] = "package_name", ["value"] = f.Package },
                    new JsonObject { ["key"] = "package_version", ["value"] = "1.0.0" }),
            })]),
            ["findingSeverityCounts"] = new JsonObject(findings.GroupBy(f => f.Severity).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))),
        },
    };

    /// <summary>Makes moto answer <paramref name="result"/> for its image, after checking it is a response ECR could give.</summary>
    internal static async Task InjectAsync(MotoServer moto, JsonObject result)
    {
        Assert.Empty(ServiceModel.Botocore.ValidateOutput("ecr", "DescribeImageScanFindings", result));
        using var http = new HttpClient();
        // A string body has a Content-Length; moto's development server reads no chunked body.
        var body = new JsonObject { ["results"] = new JsonArray(result.DeepClone()), ["region"] = MotoServer.Region }.ToJsonString();
        var response = await http.PostAsync(new Uri(moto.Endpoint, "moto-api/static/ecr/scan-finding-results"),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_image_without_a_scan_has_none_until_one_is_started_then_its_basic_findings_are_read()
    {
        var repository = EcrApiClientTests.Name("scan");
        var digest = await ImageAsync(_clients.Ecr, repository, "v1");
        await InjectAsync(moto, BasicScan(repository, digest, ("CVE-2026-0001", "CRITICAL", "openssl"), ("CVE-2026-0002", "HIGH", "zlib")));

        Assert.Null(await _clients.Ecr.DescribeImageScanFindingsAsync(repository, digest, CancellationToken.None));
        Assert.Equal("IN_PROGRESS", await _clients.Ecr.StartImageScanAsync(repository, digest, CancellationToken.None));
        var scan = await _clients.Ecr.DescribeImageScanFindingsAsync(repository, digest, CancellationToken.None);

        Assert.Equal("COMPLETE", scan!.Status);
        Assert.Equal([new EcrFinding("CVE-2026-0001", "CRITICAL", "openssl", "1.0.0"), new EcrFinding("CVE-2026-0002", "HIGH", "zlib", "1.0.0")], scan.Findings);
        Assert.Equal(1, scan.SeverityCounts["CRITICAL"]);
    }

    [Fact]
    public async Task Enhanced_findings_give_the_vulnerability_package_and_fixed_version_and_suppressed_ones_are_left_out()
    {
        var repository = EcrApiClientTests.Name("enhanced");
        var digest = await ImageAsync(_clients.Ecr, repository, "v1");
        JsonObject Enhanced(string id, string severity, string status, string? fixedIn) => new()
        {
            ["awsAccountId"] = MotoServer.AccountId,
            ["findingArn"] = $"arn:aws:inspector2:us-east-1:{MotoServer.AccountId}:finding/{id}",
            ["severity"] = severity,
            ["status"] = status,
            ["title"] = $"{id} - openssl",
            ["type"] = "PACKAGE_VULNERABILITY",
            ["packageVulnerabilityDetails"] = new JsonObject
            {
                ["vulnerabilityId"] = id,
                ["source"] = "NVD",
                ["vulnerablePackages"] = new JsonArray(new JsonObject
                {
                    ["name"] = "openssl", ["version"] = "3.0.1", ["packageManager"] = "OS", ["fixedInVersion"] = fixedIn ?? "NotAvailable",
                }),
            },
        };
        await InjectAsync(moto, new JsonObject
        {
            ["registryId"] = MotoServer.AccountId,
            ["repositoryName"] = repository,
            ["imageId"] = new JsonObject { ["imageDigest"] = digest },
            ["imageScanStatus"] = new JsonObject { ["status"] = "ACTIVE", ["description"] = "Continuous scan is selected for image." },
            ["imageScanFindings"] = new JsonObject
            {
                ["enhancedFindings"] = new JsonArray(Enhanced("CVE-2026-1111", "CRITICAL", "ACTIVE", "3.0.13"), Enhanced("CVE-2026-2222", "HIGH", "SUPPRESSED", null),
                    Enhanced("CVE-2026-3333", "UNTRIAGED", "ACTIVE", null)),
                // botocore's FindingSeverity has no UNTRIAGED, so ECR cannot count those here.
                ["findingSeverityCounts"] = new JsonObject { ["CRITICAL"] = 1, ["HIGH"] = 1 },
            },
        });
        await _clients.Ecr.StartImageScanAsync(repository, digest, CancellationToken.None);

        var scan = await _clients.Ecr.DescribeImageScanFindingsAsync(repository, digest, CancellationToken.None);

        Assert.Equal("ACTIVE", scan!.Status);
        Assert.Equal([new EcrFinding("CVE-2026-1111", "CRITICAL", "openssl", "3.0.1", "3.0.13"), new EcrFinding("CVE-2026-3333", "UNTRIAGED", "openssl", "3.0.1")],
            scan.Findings);
    }

    private static ScanImageStep Step(TimeSpan timeout) => new("scan-image:api", ["push-image:api"],
        new ImageRef("api", "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api", "abc"), "push-image:api", "staging",
        new ScanPolicy(0, null, null, timeout, []));

    private static ExecutionState Pushed(string digest)
    {
        var state = new ExecutionState();
        state.Record("push-image:api", new StepResult(Outcome.Succeeded, "pushed", new ImagePushed($"123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api@{digest}", digest, "abc")));
        return state;
    }

    private static (StubAwsServer Server, AwsClients Clients) Clients(StubAwsServer server) => (server, AwsClients.FromEnvironment(new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB", ["AWS_SECRET_ACCESS_KEY"] = "stub", ["AWS_REGION"] = "us-east-1", ["AWS_ENDPOINT_URL_ECR"] = server.Endpoint.ToString(),
    }, null, TimeProvider.System));

    [Fact]
    public async Task The_gate_starts_a_missing_scan_polls_while_it_is_in_progress_and_passes_a_clean_image()
    {
        var digest = "sha256:" + new string('d', 64);
        var (started, reads) = (false, 0);
        StubResponse Respond(StubRequest request)
        {
            if (request.Operation == "StartImageScan")
            {
                started = true;
                return StubResponse.Ok($$$"""{"repositoryName":"shop-api","imageId":{"imageDigest":"{{{digest}}}"},"imageScanStatus":{"status":"IN_PROGRESS"}}""");
            }
            if (!started) return StubResponse.Error(400, "ScanNotFoundException", "Image scan does not exist for the image");
            var status = ++reads < 3 ? "IN_PROGRESS" : "COMPLETE";
            var json = $$$"""{"repositoryName":"shop-api","imageId":{"imageDigest":"{{{digest}}}"},"imageScanStatus":{"status":"{{{status}}}"},"imageScanFindings":{"findings":[{"name":"CVE-2026-9","severity":"LOW"}],"findingSeverityCounts":{"LOW":1} } }""";
            Assert.Empty(ServiceModel.Botocore.ValidateOutput("ecr", "DescribeImageScanFindings", JsonNode.Parse(json)));
            return StubResponse.Ok(json);
        }
        await using var server = await StubAwsServer.StartAsync(Respond);
        var (_, clients) = Clients(server);
        using var _ = clients;
        var lines = new List<string>();

        var result = await new ImageScanHandler(clients.Ecr, TimeProvider.System, (_, line) => lines.Add(line), TimeSpan.FromMilliseconds(10))
            .RunAsync(Step(TimeSpan.FromMinutes(1)), Pushed(digest), CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(["DescribeImageScanFindings", "StartImageScan", "DescribeImageScanFindings", "DescribeImageScanFindings", "DescribeImageScanFindings"],
            server.Requests.Select(r => r.Operation));
        var scanned = Assert.IsType<ImageScanned>(result.Output);
        Assert.Equal((0, 1, digest), (scanned.Critical, scanned.Low, scanned.Digest));
        Assert.Contains("scan IN_PROGRESS; next look in", lines[1]);
    }

    [Fact]
    public async Task A_scan_that_never_finishes_fails_the_gate_at_its_timeout()
    {
        var digest = "sha256:" + new string('e', 64);
        await using var server = await StubAwsServer.StartAsync(_ => StubResponse.Ok(
            $$$"""{"repositoryName":"shop-api","imageId":{"imageDigest":"{{{digest}}}"},"imageScanStatus":{"status":"IN_PROGRESS"}}"""));
        var (_, clients) = Clients(server);
        using var _ = clients;

        var result = await new ImageScanHandler(clients.Ecr, TimeProvider.System, (_, _) => { }, TimeSpan.FromMilliseconds(20))
            .RunAsync(Step(TimeSpan.FromMilliseconds(300)), Pushed(digest), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("was not scanned: the scan did not finish before the timeout", result.Message);
        Assert.DoesNotContain(server.Requests, r => r.Operation == "StartImageScan");
    }
}
