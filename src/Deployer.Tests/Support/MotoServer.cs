using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Deployer.Tests.Support;

/// <summary>
/// A real moto server (<c>moto_server</c>, moto 5 with the server extra) on a free 127.0.0.1 port, shared by the tests of
/// the <see cref="MotoCollection"/>. Tests use fresh names, so they do not see each other's resources.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    private readonly Queue<string> _output = new();
    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>moto's default account.</summary>
    public const string AccountId = "123456789012";

    public const string Region = "us-east-1";

    /// <summary>An environment that points every service at this server, with fake static keys.</summary>
    public IReadOnlyDictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDMOTOTESTING",
            ["AWS_SECRET_ACCESS_KEY"] = "moto-fake-secret-key",
            ["AWS_REGION"] = Region,
            ["AWS_ENDPOINT_URL"] = Endpoint.ToString(),
        };
        foreach (var (name, value) in extra) environment[name] = value;
        return environment;
    }

    /// <summary>A subnet and security group of moto's default VPC, for awsvpc tasks (moto checks that they exist).</summary>
    public async Task<(string Subnet, string SecurityGroup)> DefaultNetworkAsync()
    {
        // EC2 speaks the query protocol; moto routes it by the signature's service name, so it is signed for ec2.
        using var http = new HttpClient(new SigV4SigningHandler(new BasicAWSCredentials("AKIDMOTOTESTING", "moto-fake-secret-key"),
            Amazon.RegionEndpoint.GetBySystemName(Region), "ec2", new SocketsHttpHandler()));
        async Task<string> First(string action, string element)
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = action, ["Version"] = "2016-11-15" });
            using var response = await http.PostAsync(Endpoint, form);
            var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
            return xml.Descendants().First(e => e.Name.LocalName == element).Value;
        }
        return (await First("DescribeSubnets", "subnetId"), await First("DescribeSecurityGroups", "groupId"));
    }

    public async Task InitializeAsync()
    {
        var executable = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "moto_server")).FirstOrDefault(File.Exists);
        Assert.True(executable is not null, "moto_server is not on PATH: install it with `pip install 'moto[server]>=5'`");

        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(executable!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-H", "127.0.0.1", "-p", port.ToString() }) start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"moto_server exited with {_process.ExitCode}:\n{Output()}");
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "moto-api/"));
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // moto_server is often a shim script that execs python: end the whole tree.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 50) _output.Dequeue();
        }
    }

    private string Output()
    {
        lock (_output) return string.Join('\n', _output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Tests that share one <see cref="MotoServer"/>; the SAM and Amplify tests have their own (<see cref="MotoSamCollection"/>, <see cref="MotoAmplifyCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
