using Deployer.Providers.HomeServers;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>The pure parts of a blue/green deploy: colours, retention, the nginx include, the health gate and the engine argv.</summary>
public class BlueGreenDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public void The_first_release_is_blue_and_each_next_one_takes_the_colour_not_serving()
    {
        var first = ServiceContainer.Next("web", null, Now, "ab12");
        var second = ServiceContainer.Next("web", first, Now.AddMinutes(1), "cd34");
        var third = ServiceContainer.Next("web", second, Now.AddMinutes(2), "ef56");

        Assert.Equal(["web-blue-20261206010203ab12", "web-green-20261206010303cd34", "web-blue-20261206010403ef56"], new[] { first, second, third }.Select(c => c.Name));
    }

    [Theory]
    [InlineData("web-blue-20261206010203ab12", "Blue")]
    [InlineData("web-green-1", "Green")]
    [InlineData("web-red-1", null)]
    [InlineData("web-Blue-1", null)]
    [InlineData("webapp-blue-1", null)]
    [InlineData("web-blue-1-x", null)]
    [InlineData("web-blue-", null)]
    public void Only_names_this_module_gave_are_read_as_its_containers(string name, string? colour) =>
        Assert.Equal(colour, ServiceContainer.Parse("web", name)?.Colour.ToString());

    [Fact]
    public void A_service_name_with_dashes_is_parsed_from_the_end()
    {
        Assert.Equal(new ServiceContainer("my-web", Colour.Green, "7"), ServiceContainer.Parse("my-web", "my-web-green-7"));
    }

    [Fact]
    public void Retention_keeps_the_live_container_and_the_newest_stopped_ones_and_ignores_foreign_names()
    {
        string[] names = ["web-blue-20261206010000aaaa", "web-green-20261206020000bbbb", "web-blue-20261206030000cccc", "web-green-20261206040000dddd", "web-debug", "web-blue-20261206050000eeee"];

        var removed = Retention.ToRemove("web", names, live: "web-blue-20261206050000eeee", keep: 2);

        Assert.Equal(["web-green-20261206020000bbbb", "web-blue-20261206010000aaaa"], removed);
        Assert.Empty(Retention.ToRemove("web", names, "web-blue-20261206050000eeee", keep: 10));
        Assert.Equal(4, Retention.ToRemove("web", names, "web-blue-20261206050000eeee", keep: 0).Count);
    }

    [Fact]
    public void The_nginx_include_names_the_container_behind_each_upstream_and_reads_back_what_it_wrote()
    {
        var routes = new Dictionary<string, Backend> { ["web"] = new("web-blue-1", "127.0.0.1:41234"), ["api"] = new("api-green-2", "127.0.0.1:41235") };

        var text = NginxUpstreams.Render(routes);

        Assert.Equal("""
            # Written by deployer: each upstream names the container serving it. Changes here are replaced.
            upstream api {
                # container api-green-2
                server 127.0.0.1:41235;
            }
            upstream web {
                # container web-blue-1
                server 127.0.0.1:41234;
            }

            """.ReplaceLineEndings("\n"), text);
        Assert.Equal(routes.OrderBy(r => r.Key), NginxUpstreams.Parse(text).OrderBy(r => r.Key));
    }

    [Fact]
    public void An_upstream_the_deployer_did_not_write_means_nothing_of_ours_serves()
    {
        Assert.Empty(NginxUpstreams.Parse("upstream web { server 127.0.0.1:1; }\n"));
    }

    [Theory]
    [InlineData(200, null, 1, HealthVerdict.Healthy, "answered 200 after 1 s")]
    [InlineData(204, null, 59, HealthVerdict.Healthy, "answered 204 after 59 s")]
    [InlineData(404, null, 1, HealthVerdict.Wait, "last answer HTTP 404")]
    [InlineData(null, "Connection refused", 1, HealthVerdict.Wait, "no answer (Connection refused)")]
    [InlineData(503, null, 60, HealthVerdict.Unhealthy, "not healthy within 60 s: last answer HTTP 503")]
    [InlineData(null, null, 61, HealthVerdict.Unhealthy, "not healthy within 60 s: no answer (not listening)")]
    public void The_health_gate_passes_on_2xx_and_gives_up_at_the_deadline(int? status, string? error, int seconds, HealthVerdict verdict, string why)
    {
        Assert.Equal((verdict, why), HealthDecision.Evaluate(new HealthProbe(status, error, TimeSpan.FromSeconds(seconds)), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void The_new_container_is_labelled_and_published_on_a_loopback_port_only()
    {
        var service = new HomeServiceSpec
        {
            Name = "web", Image = "web", Port = 8080, Command = ["serve", "--port", "8080"],
            Environment = new Dictionary<string, string> { ["MODE"] = "it's live" },
        };

        var run = new ContainerCommands(ContainerEngine.Podman).Run(new ServiceContainer("web", Colour.Green, "7"), service, "localhost/web@sha256:abc", ".deployer/web-green-7.env");

        Assert.Equal("podman run -d --name web-green-7 --label deployer.service=web --label deployer.colour=green --label deployer.image=localhost/web@sha256:abc " +
                     "-p 127.0.0.1::8080 --env-file .deployer/web-green-7.env -e 'MODE=it'\\''s live' localhost/web@sha256:abc serve --port 8080", run.Line);
    }

    [Theory]
    [InlineData("127.0.0.1:41234\n", "127.0.0.1:41234")]
    [InlineData("0.0.0.0:1\n127.0.0.1:41234\n", "127.0.0.1:41234")]
    [InlineData("[::1]:41234\n", null)]
    public void The_published_address_is_the_loopback_one(string output, string? address) =>
        Assert.Equal(address, ContainerCommands.Address(output));
}
