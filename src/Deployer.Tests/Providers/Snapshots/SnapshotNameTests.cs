using Deployer.Providers.Snapshots;

namespace Deployer.Tests.Providers.Snapshots;

/// <summary>Snapshot identifiers: readable, unique per second, and always valid for RDS.</summary>
public sealed class SnapshotNameTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 9, 14, 5, 7, TimeSpan.FromHours(2));

    [Theory]
    [InlineData("community", "production", "community-production", "community-production-community-production-20250309-120507")]
    [InlineData("Shop_API", "prod.eu", "db1", "shop-api-prod-eu-db1-20250309-120507")]
    [InlineData("2fa", "stg", "db--main-", "db-2fa-stg-db-main-20250309-120507")]
    [InlineData("---", "___", "...", "db-20250309-120507")]
    public void The_name_is_app_environment_instance_and_the_UTC_time_made_valid(string app, string environment, string instance, string expected)
    {
        var name = SnapshotName.For(app, environment, instance, At);

        Assert.Equal(expected, name);
        Assert.True(SnapshotName.IsValid(name), name);
    }

    [Fact]
    public void A_long_name_is_cut_before_the_timestamp_and_stays_valid()
    {
        var name = SnapshotName.For(new string('a', 200), "production", new string('b', 60) + "-x", At);

        Assert.Equal(255, name.Length);
        Assert.EndsWith("-20250309-120507", name);
        Assert.True(SnapshotName.IsValid(name));
    }

    [Theory]
    [InlineData("my-snapshot-id", true)]
    [InlineData("a", true)]
    [InlineData("1-snapshot", false)]
    [InlineData("snap--shot", false)]
    [InlineData("snapshot-", false)]
    [InlineData("snap_shot", false)]
    [InlineData("", false)]
    public void Validity_follows_the_RDS_identifier_rules(string identifier, bool valid) => Assert.Equal(valid, SnapshotName.IsValid(identifier));
}
