using Deployer.Providers.HomeServers;

namespace Deployer.Tests.Providers.HomeServers;

public class TraefikConfigTests
{
    private static readonly Dictionary<string, Backend> Routes = new()
    {
        ["api"] = new Backend("api-green-20260101000000-ab12", "127.0.0.1:40001"),
        ["worker"] = new Backend("worker-blue-20260101000000-cd34", "127.0.0.1:40002"),
    };

    [Fact]
    public void A_rendered_config_conforms_to_traefiks_v3_file_provider_schema_and_names_each_container()
    {
        var text = TraefikConfig.Render(Routes, new Dictionary<string, string?> { ["api"] = "api.example.com", ["worker"] = null });

        Assert.Empty(TraefikConfig.Validate(text));
        Assert.Contains("\"rule\": \"Host(`api.example.com`)\"", text);
        Assert.Contains("\"url\": \"http://127.0.0.1:40001\"", text);
        Assert.Equal(Routes, TraefikConfig.Parse(text));
    }

    [Fact]
    public void A_service_without_a_domain_gets_no_router_so_the_users_own_routers_can_name_it()
    {
        var text = TraefikConfig.Render(Routes, new Dictionary<string, string?>());

        Assert.Empty(TraefikConfig.Validate(text));
        Assert.DoesNotContain("routers", text);
    }

    [Theory]
    [InlineData("{ \"http\": { \"routers\": { \"api\": { \"rule\": \"Host(`a`)\" } } } }", "/http/routers/api")]
    [InlineData("{ \"http\": { \"services\": { \"api\": { \"loadBalancer\": { \"servers\": [] } } } } }", "/http/services/api")]
    [InlineData("{ \"htp\": {} }", "/")]
    [InlineData("# not json\nhttp: {", "not JSON")]
    public void A_config_that_breaks_the_schema_is_refused_naming_where(string text, string where)
    {
        var errors = TraefikConfig.Validate(text);

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.StartsWith(where, StringComparison.Ordinal));
    }
}
