using System.Text.Json.Nodes;
using Deployer.Simulators.Amplify;
using Deployer.Tests.Support;

namespace Deployer.Tests.Simulators;

/// <summary>
/// The Amplify simulator driven by the AWS CLI (its own driver, run in-process by python) and boto3, clients nobody here
/// wrote: a manual deploy end to end, a failed and a stopped job, errors and throttling as botocore reads them; every
/// answer also checked against botocore's model.
/// </summary>
public sealed class AmplifyAwsCliTests
{
    private const string App = "d0cli0app";
    private static readonly ServiceModel Model = ServiceModel.Botocore;

    private static async Task<(AmplifySimulator Simulator, AwsCli Cli)> StartAsync(int maxAttempts = 1)
    {
        var simulator = await AmplifySimulator.StartAsync();
        simulator.AddApp(App, "cli", "main");
        return (simulator, new AwsCli(simulator.Endpoint) { MaxAttempts = maxAttempts });
    }

    /// <summary>Runs <c>aws amplify &lt;args&gt;</c> through the AWS CLI's driver against the simulator.</summary>
    private static Task<AwsCli.Result> Amplify(AwsCli cli, Uri endpoint, params string[] arguments) =>
        cli.Boto3Async(
            "from awscli.clidriver import create_clidriver\n" +
            $"sys.exit(create_clidriver().main(['--endpoint-url', '{endpoint.ToString().TrimEnd('/')}', '--region', 'us-east-1', '--output', 'json', 'amplify', " +
            string.Join(", ", arguments.Select(a => $"'{a}'")) + "]))\n");

    private static async Task<JsonObject> AmplifyJson(AwsCli cli, Uri endpoint, string operation, params string[] arguments)
    {
        var result = await Amplify(cli, endpoint, arguments);
        Assert.True(result.ExitCode == 0, $"aws amplify {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        Assert.Empty(Model.ValidateOutput("amplify", operation, result.Json));
        return result.Json;
    }

    /// <summary>boto3's amplify client as <c>amplify</c>, plus <c>put(url, bytes)</c> and <c>get(url)</c> over urllib.</summary>
    private static Task<AwsCli.Result> Boto3(AwsCli cli, Uri endpoint, string script) =>
        cli.Boto3Async(
            $"amplify = boto3.client('amplify', endpoint_url='{endpoint.ToString().TrimEnd('/')}', region_name='us-east-1')\n" +
            "import urllib.request, urllib.error, io, zipfile, time\n" +
            "def put(url, data):\n    return urllib.request.urlopen(urllib.request.Request(url, data=data, method='PUT')).status\n" +
            "def get(url):\n    try:\n        r = urllib.request.urlopen(url); return [r.status, r.read().decode()]\n" +
            "    except urllib.error.HTTPError as e:\n        return [e.code, '']\n" +
            "def zipped(files):\n    b = io.BytesIO()\n    with zipfile.ZipFile(b, 'w') as z:\n        [z.writestr(n, c) for n, c in files.items()]\n    return b.getvalue()\n" +
            "def settle(job):\n    while True:\n        j = amplify.get_job(appId=APP, branchName='main', jobId=job)['job']\n" +
            "        if j['summary']['status'] not in ('PENDING', 'RUNNING', 'CANCELLING'): return j\n        time.sleep(0.02)\n" +
            $"APP = '{App}'\n" + script);

    [Fact]
    public async Task The_AWS_CLI_deploys_a_zip_by_hand_and_the_branch_serves_it()
    {
        var (simulator, cli) = await StartAsync();
        await using var _ = simulator;

        var app = await AmplifyJson(cli, simulator.Endpoint, "GetApp", "get-app", "--app-id", App);
        var created = await AmplifyJson(cli, simulator.Endpoint, "CreateDeployment", "create-deployment", "--app-id", App, "--branch-name", "main");
        var jobId = (string)created["jobId"]!;
        var upload = await Boto3(cli, simulator.Endpoint, $"print(json.dumps(put('{created["zipUploadUrl"]}', zipped({{'index.html': '<h1>by hand</h1>'}}))))");
        var started = await AmplifyJson(cli, simulator.Endpoint, "StartDeployment", "start-deployment", "--app-id", App, "--branch-name", "main", "--job-id", jobId);
        var settled = await Boto3(cli, simulator.Endpoint, $"j = settle('{jobId}')\nprint(json.dumps([j['summary']['status'], get('{simulator.SiteUrl(App, "main")}')]))");
        var branch = await AmplifyJson(cli, simulator.Endpoint, "GetBranch", "get-branch", "--app-id", App, "--branch-name", "main");
        var jobs = await AmplifyJson(cli, simulator.Endpoint, "ListJobs", "list-jobs", "--app-id", App, "--branch-name", "main");

        Assert.Equal(($"{App}.amplifyapp.com", "WEB"), ((string)app["app"]!["defaultDomain"]!, (string)app["app"]!["platform"]!));
        Assert.Equal("200", upload.Stdout.Trim());
        Assert.Equal((jobId, "PENDING", "MANUAL"), ((string)started["jobSummary"]!["jobId"]!, (string)started["jobSummary"]!["status"]!, (string)started["jobSummary"]!["jobType"]!));
        Assert.Equal("""["SUCCEED", [200, "<h1>by hand</h1>"]]""", settled.Stdout.Trim());
        Assert.Equal(jobId, (string)branch["branch"]!["activeJobId"]!);
        Assert.Equal([jobId], jobs["jobSummaries"]!.AsArray().Select(j => (string)j!["jobId"]!));
    }

    [Fact]
    public async Task Boto3_sees_a_failed_job_with_its_reason_and_a_stopped_job_cancelled()
    {
        var (simulator, cli) = await StartAsync();
        await using var _ = simulator;
        simulator.Faults.FailingBranches[$"{App}/main"] = "Missing index.html";

        var result = await Boto3(cli, simulator.Endpoint, """
            d = amplify.create_deployment(appId=APP, branchName='main')
            put(d['zipUploadUrl'], zipped({'app.js': '1'}))
            amplify.start_deployment(appId=APP, branchName='main', jobId=d['jobId'])
            failed = settle(d['jobId'])
            left = amplify.create_deployment(appId=APP, branchName='main')
            stopping = amplify.stop_job(appId=APP, branchName='main', jobId=left['jobId'])['jobSummary']['status']
            stopped = settle(left['jobId'])['summary']['status']
            print(json.dumps([failed['summary']['status'], failed['steps'][0]['statusReason'], stopping, stopped]))
            """.Replace("            ", ""));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("""["FAILED", "Missing index.html", "CANCELLING", "CANCELLED"]""", result.Stdout.Trim());
    }

    [Fact]
    public async Task Errors_reach_the_AWS_CLI_with_the_codes_and_messages_Amplify_sends()
    {
        var (simulator, cli) = await StartAsync();
        await using var _ = simulator;
        await AmplifyJson(cli, simulator.Endpoint, "CreateDeployment", "create-deployment", "--app-id", App, "--branch-name", "main");

        var busy = await Amplify(cli, simulator.Endpoint, "create-deployment", "--app-id", App, "--branch-name", "main");
        var missing = await Amplify(cli, simulator.Endpoint, "get-job", "--app-id", App, "--branch-name", "main", "--job-id", "99");
        var noApp = await Amplify(cli, simulator.Endpoint, "get-branch", "--app-id", "nope", "--branch-name", "main");

        Assert.True(busy.ExitCode != 0, busy.Stderr);
        // botocore's standard retry mode puts "(reached max retries: 0)" between the operation and the message.
        Assert.Contains("An error occurred (BadRequestException) when calling the CreateDeployment operation", busy.Stderr);
        Assert.EndsWith(": Branch main already has a pending or running job (1). Stop it or wait for it to complete.", busy.Stderr.Trim());
        Assert.Contains("An error occurred (NotFoundException) when calling the GetJob operation", missing.Stderr);
        Assert.EndsWith(": Job 99 not found.", missing.Stderr.Trim());
        Assert.EndsWith(": App nope not found.", noApp.Stderr.Trim());
    }

    [Fact]
    public async Task Botocore_retries_the_injected_throttling_and_server_errors()
    {
        var (simulator, cli) = await StartAsync(maxAttempts: 3);
        await using var _ = simulator;
        simulator.Faults.Next.Enqueue(429);
        simulator.Faults.Next.Enqueue(503);

        var app = await AmplifyJson(cli, simulator.Endpoint, "GetApp", "get-app", "--app-id", App);

        Assert.Equal(App, (string)app["app"]!["appId"]!);
        Assert.Empty(simulator.Faults.Next);
        simulator.Faults.Next.Enqueue(429);
        var once = await Amplify(new AwsCli(simulator.Endpoint), simulator.Endpoint, "get-app", "--app-id", App);
        Assert.Contains("(TooManyRequestsException) when calling the GetApp operation", once.Stderr);
    }
}
