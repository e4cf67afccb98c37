using Deployer.Simulators.Vercel;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>
/// Bad input through ./build.sh DeployVercel: a missing token, a team the token cannot see, a project Vercel does not
/// have, a directory missing or empty, prebuilt output without config.json. Each is one line naming the setting, exit 2,
/// and the Vercel simulator sees no deployment and no upload.
/// </summary>
public sealed class VercelBadInputTests : IAsyncLifetime
{
    private VercelSimulator _vercel = null!;
    private readonly BuildSurface _surface = new();

    public async Task InitializeAsync()
    {
        _vercel = await VercelSimulator.StartAsync(VercelSimulatorOptions.Default with { Teams = ["team_shop"], Projects = ["web"] });
        _surface.Environment["DEPLOYER_VERCEL_API_URL"] = _vercel.Endpoint.ToString();
        _surface.Environment["DEPLOYER_VERCEL_DEPLOYMENTS_URL"] = _vercel.Endpoint.ToString();
        _surface.Environment["VERCEL_TOKEN"] = VercelSimulatorOptions.Default.Token;
    }

    private string Site => Path.Combine(_surface.Root, "site");

    private void Write(string relative, string content)
    {
        var path = Path.Combine(Site, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private SurfaceResult Deploy(string project)
    {
        var config = Path.Combine(_surface.Root, "deploy.yml");
        File.WriteAllText(config, $"""
            app: shop
            environments:
              production:
                vercel:
                  - {project}
            """);
        return _surface.Run("DeployVercel", "--environment", "production", "--config", config, "--git-sha", "0123456789abcdef0123456789abcdef01234567");
    }

    private void AssertRefusedBeforeAnyChange(SurfaceResult result, string line)
    {
        Assert.True(result.ExitCode == 2, result.All);
        var refusal = Assert.Single(result.All.Split('\n'), l => l.Contains(line));
        Assert.DoesNotContain(" at Deployer.", result.All);
        Assert.DoesNotContain("Exception", refusal);
        Assert.Empty(_vercel.Deployments);
        Assert.Equal(0, _vercel.Uploads);
    }

    [Fact]
    public void A_missing_token_is_refused_naming_VERCEL_TOKEN()
    {
        Write("index.html", "<h1>shop</h1>");
        _surface.Environment.Remove("VERCEL_TOKEN");

        AssertRefusedBeforeAnyChange(Deploy("{ project: web, directory: site }"), "VERCEL_TOKEN (or --vercel-token) is not set");
    }

    [Fact]
    public void A_token_Vercel_refuses_is_refused_naming_VERCEL_TOKEN_and_is_not_shown()
    {
        Write("index.html", "<h1>shop</h1>");
        _surface.Environment["VERCEL_TOKEN"] = "a-revoked-vercel-token";

        var result = Deploy("{ project: web, directory: site }");

        AssertRefusedBeforeAnyChange(result, "VERCEL_TOKEN (or --vercel-token) was refused by Vercel (HTTP 401");
        Assert.DoesNotContain("a-revoked-vercel-token", result.All);
    }

    [Fact]
    public void A_team_the_token_cannot_see_is_refused_naming_the_team_setting()
    {
        Write("index.html", "<h1>shop</h1>");

        AssertRefusedBeforeAnyChange(Deploy("{ project: web, team: team_other, directory: site }"),
            "environments.production.vercel[0].team: the token cannot act for team 'team_other' (HTTP 403");
    }

    [Fact]
    public void A_project_Vercel_does_not_have_is_refused_naming_the_project_setting()
    {
        Write("index.html", "<h1>shop</h1>");

        AssertRefusedBeforeAnyChange(Deploy("{ project: wbe, team: team_shop, directory: site }"),
            "environments.production.vercel[0].project: Vercel has no project 'wbe' under team 'team_shop' (HTTP 404");
    }

    [Fact]
    public void A_missing_directory_is_refused_naming_the_directory_setting()
    {
        AssertRefusedBeforeAnyChange(Deploy("{ project: web, directory: site }"), $"environments.production.vercel[0].directory: {Site} does not exist");
    }

    [Fact]
    public void An_empty_directory_is_refused_naming_the_directory_setting()
    {
        Directory.CreateDirectory(Path.Combine(Site, "empty"));

        AssertRefusedBeforeAnyChange(Deploy("{ project: web, directory: site }"), $"environments.production.vercel[0].directory: {Site} has no files to deploy");
    }

    [Fact]
    public void Prebuilt_output_without_config_json_is_refused_naming_the_prebuilt_setting()
    {
        Write(".vercel/output/static/index.html", "<h1>shop</h1>");

        AssertRefusedBeforeAnyChange(Deploy("{ project: web, directory: site, prebuilt: true }"),
            $"environments.production.vercel[0].prebuilt: {Path.Combine(Site, ".vercel", "output")} has no config.json");
    }

    [Fact]
    public void The_same_project_deploys_once_the_input_is_right()
    {
        Write(".vercel/output/static/index.html", "<h1>shop</h1>");
        Write(".vercel/output/config.json", """{ "version": 3 }""");

        var result = Deploy("{ project: web, team: team_shop, directory: site, prebuilt: true }");

        Assert.True(result.ExitCode == 0, result.All);
        var deployment = Assert.Single(_vercel.Deployments);
        Assert.Equal(deployment.Id, _vercel.ProductionOf("web"));
    }

    public async Task DisposeAsync()
    {
        _surface.Dispose();
        await _vercel.DisposeAsync();
    }
}
