using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Tests.Releases;

/// <summary>Releases and ledger entries for tests, with the defaults spelled out once.</summary>
internal static class Releases
{
    public static readonly DateTimeOffset Epoch = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static Release Release(string sha = "1111111111111111111111111111111111111111", string app = "shop", string environment = "staging",
        PlanMode mode = PlanMode.Release, string? image = null, MigrationRecord? migration = null, string? source = null, string? replaces = null,
        string url = "https://staging.shop.example") =>
        new(app, environment, sha, mode,
            new Dictionary<string, string> { ["api"] = image ?? $"123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop@sha256:{sha[..8]}" },
            new Dictionary<string, string> { ["api"] = $"arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-api:{sha[..2]}" },
            migration, [url], source, replaces);

    /// <summary>Entry <paramref name="id"/>, created <paramref name="id"/> minutes after <see cref="Epoch"/>.</summary>
    public static LedgerEntry Entry(int id, ReleaseStatus status, Release? release = null) =>
        new(id.ToString(), release ?? Release(Sha(id)), status, Epoch.AddMinutes(id));

    /// <summary>A commit sha that reads as its number: 2 → 2222…</summary>
    public static string Sha(int n) => new(n.ToString()[^1], 40);

    public static MigrationRecord Alembic(params string[] applied) => new("alembic", "base", applied.LastOrDefault(), applied);

    /// <summary>Releases compare by their JSON: the record's dictionaries compare by reference.</summary>
    public static void AssertSame(Release expected, Release actual) =>
        Assert.Equal(ReleasePayload.ToJson(expected).ToJsonString(), ReleasePayload.ToJson(actual).ToJsonString());
}
