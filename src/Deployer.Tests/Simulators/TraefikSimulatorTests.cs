using System.Net;
using Deployer.Providers.HomeServers;
using Deployer.Simulators;
using Deployer.Simulators.Traefik;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Tests.Simulators;

/// <summary>
/// The Traefik file-provider simulator against real HTTP clients and real upstream servers. Fidelity: every config the
/// simulator is shown to accept here is first checked against Traefik's published v3 file-provider schema
/// (<see cref="TraefikConfig.Validate"/>), and one is the very text Deployer's writer renders.
/// </summary>
public sealed class TraefikSimulatorTests : IAsyncLifetime
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("deployer-traefik-sim-").FullName;
    private LoopbackHost _blue = null!;
    private LoopbackHost _green = null!;
    private TraefikSimulator _traefik = null!;
    private readonly HttpClient _http = new() { Timeout = Hang };

    private string ConfigPath => Path.Combine(_directory, "dynamic.yml");

    public async Task InitializeAsync()
    {
        _blue = await Upstream("blue");
        _green = await Upstream("green");
        _traefik = await TraefikSimulator.StartAsync(ConfigPath);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _traefik.DisposeAsync();
        await _blue.DisposeAsync();
        await _green.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A server answering "name METHOD /path?query host=… body=…" for every request.</summary>
    private static Task<LoopbackHost> Upstream(string name) => LoopbackHost.StartAsync(app => app.Run(async context =>
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        await context.Response.WriteAsync($"{name} {context.Request.Method} {context.Request.Path}{context.Request.QueryString} host={context.Request.Host} body={body}");
    }));

    private static string Server(LoopbackHost host) => host.Endpoint.ToString().TrimEnd('/');

    /// <summary>A dynamic config routing each (rule, url) pair through its own router and service.</summary>
    private static string Config(params (string Rule, string Url)[] routes)
    {
        var routers = routes.Select((r, i) => $"\"r{i}\": {{ \"rule\": \"{r.Rule}\", \"service\": \"s{i}\" }}");
        var services = routes.Select((r, i) => $"\"s{i}\": {{ \"loadBalancer\": {{ \"servers\": [ {{ \"url\": \"{r.Url}\" }} ] }} }}");
        // As Deployer writes it: a comment, then a JSON body (which is YAML).
        return $"# routed by the test\n{{ \"http\": {{\n  \"routers\": {{ {string.Join(", ", routers)} }},\n  \"services\": {{ {string.Join(", ", services)} }}\n}} }}\n";
    }

    /// <summary>Replaces the config as Deployer's writer does (a temp file beside it, renamed over it), after checking it against Traefik's schema.</summary>
    private void Write(string text, bool schemaValid = true)
    {
        if (schemaValid) Assert.Empty(TraefikConfig.Validate(text));
        var temp = Path.Combine(_directory, $".dynamic.yml.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, text);
        File.Move(temp, ConfigPath, overwrite: true);
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string host, string pathAndQuery = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_traefik.Endpoint, pathAndQuery));
        request.Headers.Host = host;
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Routes_each_request_by_its_Host_header_forwarding_method_path_query_body_and_host()
    {
        Write(Config(("Host(`app.example.com`) || Host(`www.app.example.com`)", Server(_blue)), ("Host(`api.example.com`)", Server(_green))));

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(_traefik.Endpoint, "/orders/7?expand=lines")) { Content = new StringContent("hello") };
        post.Headers.Host = "WWW.app.example.com:8080"; // Traefik's Host matcher ignores case and port
        using var answer = await _http.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("blue POST /orders/7?expand=lines host=WWW.app.example.com:8080 body=hello", await answer.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.OK, "green GET /health host=api.example.com body="), await GetAsync("api.example.com", "/health"));
        Assert.Equal((HttpStatusCode.OK, "blue GET / host=app.example.com body="), await GetAsync("app.example.com"));
        Assert.Equal(["r0", "r1", "r0"], _traefik.Requests.Select(r => r.Router));
    }

    [Fact]
    public async Task As_an_HTTP_proxy_it_routes_absolute_form_requests_to_domains_that_have_no_DNS()
    {
        Write(Config(("Host(`users.api.authorworks.example.com`)", Server(_green))));
        using var handler = new SocketsHttpHandler { Proxy = new WebProxy(_traefik.Endpoint), UseProxy = true };
        using var client = new HttpClient(handler) { Timeout = Hang };

        Assert.Equal("green GET /health?deep=1 host=users.api.authorworks.example.com body=",
            await client.GetStringAsync("http://users.api.authorworks.example.com/health?deep=1"));
        Assert.Equal(new TraefikRequest("users.api.authorworks.example.com", "GET /health?deep=1", "r0", 200), Assert.Single(_traefik.Requests));
    }

    [Fact]
    public async Task No_matching_router_is_a_404_and_an_unreachable_server_a_502_as_Traefik_answers()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop(); // nothing listens there any more
        Write(Config(("Host(`gone.example.com`)", closed)));

        Assert.Equal((HttpStatusCode.NotFound, "404 page not found\n"), await GetAsync("other.example.com"));
        Assert.Equal(HttpStatusCode.BadGateway, (await GetAsync("gone.example.com")).Status);
        Assert.Equal([(null, 404), ("r0", 502)], _traefik.Requests.Select(r => (r.Router, r.Status)));
    }

    [Fact]
    public async Task Before_the_file_exists_every_request_is_a_404_and_the_first_write_is_served()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("app.example.com")).Status);
        Write(Config(("Host(`app.example.com`)", Server(_green))));
        Assert.StartsWith("green ", (await GetAsync("app.example.com")).Body);
    }

    [Fact]
    public async Task A_renamed_file_switches_the_upstream_with_no_failed_request_from_a_client_looping_through_the_swap()
    {
        Write(Config(("Host(`app.example.com`)", Server(_blue))));
        using var deadline = new CancellationTokenSource(Hang);
        var swapped = 0;
        // The swap waits for the first blue answer (however slow the first request is), then lands while the loop runs.
        var firstAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var swap = Task.Run(async () =>
        {
            await firstAnswer.Task.WaitAsync(deadline.Token);
            await Task.Delay(50, deadline.Token);
            Write(Config(("Host(`app.example.com`)", Server(_green))));
            Volatile.Write(ref swapped, 1);
        }, deadline.Token);

        var answers = new List<(bool AfterSwap, HttpStatusCode Status, string Body)>();
        var greenAfterSwap = 0;
        while (greenAfterSwap < 20)
        {
            deadline.Token.ThrowIfCancellationRequested();
            var afterSwap = Volatile.Read(ref swapped) == 1;
            var (status, body) = await GetAsync("app.example.com");
            answers.Add((afterSwap, status, body));
            firstAnswer.TrySetResult();
            if (afterSwap) greenAfterSwap++;
        }
        await swap;

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        // Every request sent once the rename returned reached the new server, whether or not the watcher had fired yet.
        Assert.All(answers.Where(a => a.AfterSwap), a => Assert.StartsWith("green ", a.Body));
        var colours = answers.Select(a => a.Body.Split(' ')[0]).ToArray();
        Assert.Equal("blue", colours[0]);
        Assert.DoesNotContain("blue", colours.SkipWhile(c => c == "blue")); // one switch, never back
        Assert.Empty(_traefik.Provider.Errors);
    }

    [Fact]
    public void Each_of_many_quick_renames_of_equal_length_is_in_force_as_soon_as_the_rename_returns()
    {
        // Same length and within one kernel tick: a stamp (times, size) cannot tell these files apart, and the directory
        // watcher's event may still be on its way; the provider must see each at once anyway.
        for (var i = 0; i < 200; i++)
        {
            Write(Config(($"Host(`h{i:D3}.example.com`)", Server(_blue))), schemaValid: i == 0);
            Assert.Equal("r0", _traefik.Provider.Current.RouterFor($"h{i:D3}.example.com")?.Name);
        }
        Assert.Equal(200, _traefik.Provider.Loads);
    }

    [Fact]
    public async Task A_file_that_does_not_parse_keeps_the_last_good_config_and_is_counted()
    {
        Write(Config(("Host(`app.example.com`)", Server(_blue))));
        Assert.StartsWith("blue ", (await GetAsync("app.example.com")).Body);

        Write("http:\n  routers: { broken: [", schemaValid: false);
        Assert.StartsWith("blue ", (await GetAsync("app.example.com")).Body);
        Write("""{ "http": { "routers": { "r0": { "rule": "Host(`app.example.com`)", "service": "missing" } } } }""");
        Assert.StartsWith("blue ", (await GetAsync("app.example.com")).Body);
        Assert.Equal(2, _traefik.Provider.Errors.Count);
        Assert.StartsWith("not YAML", _traefik.Provider.Errors[0]);
        Assert.Contains("/http/routers/r0/service", _traefik.Provider.Errors[1]);

        Write(Config(("Host(`app.example.com`)", Server(_green))));
        Assert.StartsWith("green ", (await GetAsync("app.example.com")).Body);
        Assert.Equal(2, _traefik.Provider.Errors.Count);
    }

    [Fact]
    public async Task It_reads_block_YAML_as_Traefik_s_documentation_writes_it_and_balances_over_the_servers()
    {
        var yaml = $"""
            http:
              routers:
                shop:
                  rule: "Host(`shop.example.com`)"
                  service: shop
              services:
                shop:
                  loadBalancer:
                    servers:
                      - url: "{Server(_blue)}"
                      - url: "{Server(_green)}"
            """;
        // The same document as JSON, for the schema check (YamlDotNet's own model, not the simulator's reader).
        var document = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(yaml);
        Assert.Empty(TraefikConfig.Validate(new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build().Serialize(document)));
        Write(yaml, schemaValid: false);

        var colours = new List<string>();
        for (var i = 0; i < 4; i++) colours.Add((await GetAsync("shop.example.com")).Body.Split(' ')[0]);

        Assert.Equal(["blue", "green"], colours.Distinct().Order());
    }

    [Fact]
    public async Task It_serves_the_file_Deployer_s_Traefik_writer_renders()
    {
        var text = TraefikConfig.Render(
            new Dictionary<string, Backend>
            {
                ["web"] = new("web-blue", _blue.Endpoint.Authority),
                ["worker"] = new("worker-green", _green.Endpoint.Authority), // no domain: reachable only through the user's own routers
            },
            new Dictionary<string, string?> { ["web"] = "shop.example.com", ["worker"] = null });
        Write(text);

        Assert.Equal((HttpStatusCode.OK, "blue GET /health host=shop.example.com body="), await GetAsync("shop.example.com", "/health"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("worker")).Status);
    }
}
