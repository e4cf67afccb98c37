using Deployer.Providers.Vercel;

namespace Deployer.Tests.Providers.Vercel;

public sealed class VercelPromotionDecisionTests
{
    private static VercelProjectSpec Spec(string api = "https://api.example.com", string? team = null, bool prebuilt = false) => new()
    {
        Project = "web", Directory = "web", Team = team, Prebuilt = prebuilt,
        Env = new Dictionary<string, string> { ["NEXT_PUBLIC_API_URL"] = api },
    };

    [Fact]
    public void A_deployment_built_exactly_as_production_would_build_it_is_promoted_as_it_is() =>
        Assert.Null(VercelPromotion.Decide(Spec(), Spec() with { Production = true, Aliases = ["www.example.com"] }, "staging").Redeploy);

    [Fact]
    public void Other_build_time_env_is_rebuilt_from_the_same_files_naming_the_variables_not_their_values() =>
        Assert.Equal("staging built it with other build-time env (NEXT_PUBLIC_API_URL)",
            VercelPromotion.Decide(Spec("https://api.staging.example.com"), Spec(), "staging").Redeploy);

    [Fact]
    public void A_variable_only_one_side_sets_counts_as_different() =>
        Assert.Equal("staging built it with other build-time env (FEATURE_FLAGS)",
            VercelPromotion.Decide(Spec() with { Env = new Dictionary<string, string>(Spec().Env) { ["FEATURE_FLAGS"] = "beta" } }, Spec(), "staging").Redeploy);

    [Fact]
    public void Another_team_or_prebuilt_setting_or_a_project_staging_no_longer_describes_is_rebuilt()
    {
        Assert.Equal("staging deployed it under team 'acme-staging', production is under team 'acme'",
            VercelPromotion.Decide(Spec(team: "acme-staging"), Spec(team: "acme"), "staging").Redeploy);
        Assert.Equal("staging deployed prebuilt output and production does not", VercelPromotion.Decide(Spec(prebuilt: true), Spec(), "staging").Redeploy);
        Assert.Equal("staging's description no longer has Vercel project 'web'", VercelPromotion.Decide(null, Spec(), "staging").Redeploy);
    }
}
