using System.Globalization;
using System.Text.Json.Nodes;

namespace Deployer.Releases;

/// <summary>
/// Who holds the deployment lock of an app's environment: <paramref name="Owner"/> is the run's URL (or user@host for a
/// local run), <paramref name="Sha"/> the commit it releases, <paramref name="Id"/> tells two runs of one owner apart.
/// The lock is dead once <paramref name="Expires"/> has passed: a live run renews it long before.
/// </summary>
public sealed record LockHolder(string Id, string Owner, string Sha, DateTimeOffset Since, DateTimeOffset Expires)
{
    /// <summary>How a message names the holder.</summary>
    public string Describe() =>
        $"{Owner} (sha {Sha[..Math.Min(12, Sha.Length)]}, since {Since.ToString("u", CultureInfo.InvariantCulture)})";

    public string ToJson() => new JsonObject
    {
        ["id"] = Id,
        ["owner"] = Owner,
        ["sha"] = Sha,
        ["since"] = Since.ToString("O", CultureInfo.InvariantCulture),
        ["expires"] = Expires.ToString("O", CultureInfo.InvariantCulture),
    }.ToJsonString();

    /// <exception cref="InvalidDataException">The text is not a lock written by Deployer.</exception>
    public static LockHolder Parse(string text, string place)
    {
        try
        {
            var json = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException($"{place} is not a JSON object");
            string Text(string name) => json[name]?.GetValue<string>() ?? throw new InvalidDataException($"{place} has no {name}");
            DateTimeOffset Time(string name) => DateTimeOffset.Parse(Text(name), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            return new LockHolder(Text("id"), Text("owner"), Text("sha"), Time("since"), Time("expires"));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{place} is not a Deployer lock: {e.Message}", e);
        }
    }
}

/// <summary>
/// Where deployment locks live, one per app and environment, with compare-and-swap semantics so that of two runs
/// racing for a lock exactly one wins.
/// </summary>
public interface IDeployLocks
{
    /// <summary>Human name for messages, e.g. the lock directory.</summary>
    string Name { get; }

    /// <summary>Takes the lock when nobody holds it and returns null; otherwise returns the holder found.</summary>
    Task<LockHolder?> ClaimAsync(string app, string environment, LockHolder holder, CancellationToken cancellationToken);

    /// <summary>Replaces <paramref name="expected"/> by <paramref name="next"/>; false when the lock no longer holds <paramref name="expected"/>.</summary>
    Task<bool> ReplaceAsync(string app, string environment, LockHolder expected, LockHolder next, CancellationToken cancellationToken);

    /// <summary>Removes the lock if it still holds <paramref name="held"/>.</summary>
    Task ReleaseAsync(string app, string environment, LockHolder held, CancellationToken cancellationToken);

    /// <summary>Removes the lock whoever holds it; returns who did, or null when it was free.</summary>
    Task<LockHolder?> BreakAsync(string app, string environment, CancellationToken cancellationToken);
}

/// <summary>What a run does next about a lock.</summary>
public enum LockStep { Claim, TakeOver, Wait, GiveUp }

/// <summary>The pure decision of the lock loop.</summary>
public static class LockDecision
{
    public static LockStep Decide(LockHolder? current, DateTimeOffset now, DateTimeOffset deadline) =>
        current is null ? LockStep.Claim
        : current.Expires <= now ? LockStep.TakeOver
        : now >= deadline ? LockStep.GiveUp
        : LockStep.Wait;
}
