using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Secrets;

namespace Deployer.Releases;

/// <summary>
/// The release ledger of a run without GitHub (a local rehearsal): a JSON file, by default
/// <c>.deployer/releases.json</c> under the repository root. It behaves as GitHub Deployments do: ids count up, a
/// success makes the earlier successes of its environment inactive, history comes newest first. Every change is
/// written to a temporary file and renamed over the old one, under a lock file, so a crash or a second run never
/// leaves half a file. The file is written 0600 and scrubbed of the run's secrets (a token inside a verified URL).
/// </summary>
public sealed class LocalLedger(string path, TimeProvider time, SecretValues? secrets = null) : IReleaseLedger
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    public static string DefaultPath(string repositoryRoot) => System.IO.Path.Combine(repositoryRoot, ".deployer", "releases.json");

    public static LocalLedger InRepository(string repositoryRoot, TimeProvider time, SecretValues? secrets = null) => new(DefaultPath(repositoryRoot), time, secrets);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string Name => $"the local ledger {Path}";

    public async Task<LedgerEntry> RecordAsync(Release release, ReleaseStatus status, string? logUrl, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var _ = await LockAsync(cancellationToken).ConfigureAwait(false);
        var entries = Read();
        var now = time.GetUtcNow();
        if (status == ReleaseStatus.Success)
            for (var i = 0; i < entries.Count; i++)
                if (entries[i].Entry.Release.Environment == release.Environment && entries[i].Entry.Status == ReleaseStatus.Success)
                    entries[i] = new Stored(entries[i].Entry with { Status = ReleaseStatus.Inactive }, now);

        var id = entries.Count == 0 ? 1 : entries.Max(e => long.Parse(e.Entry.Id, CultureInfo.InvariantCulture)) + 1;
        var entry = new LedgerEntry(id.ToString(CultureInfo.InvariantCulture), release, status, now, logUrl);
        entries.Add(new Stored(entry, now));
        Write(entries);
        return entry;
    }

    public Task<IReadOnlyList<LedgerEntry>> HistoryAsync(string app, string environment, CancellationToken cancellationToken)
    {
        // No lock: the file is only ever replaced whole, so a reader sees one version or the next.
        var history = Read().Select(s => s.Entry).Where(e => e.Release.App == app && e.Release.Environment == environment);
        return Task.FromResult(ReleaseHistory.NewestFirst(history));
    }

    public Task CheckAsync(string app, string environment, CancellationToken cancellationToken)
    {
        if (Directory.Exists(Path)) throw new IOException($"{Path} is a directory, not a ledger file");
        Read();
        try
        {
            // Opened for writing without truncating: the file, or a new one beside it, must be writable.
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var probe = File.Exists(Path) ? Path : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.probe");
            using (new FileStream(probe, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
            if (probe != Path) File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{Path} cannot be written: {e.Message}", e);
        }
        return Task.CompletedTask;
    }

    private sealed record Stored(LedgerEntry Entry, DateTimeOffset UpdatedAt);

    private List<Stored> Read()
    {
        if (!File.Exists(Path)) return [];
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(Path));
        }
        catch (JsonException e)
        {
            throw Corrupt($"{Path}:{(e.LineNumber ?? 0) + 1}: {e.Message}");
        }
        if (root is not JsonObject json || json["deployer"]?.GetValueKind() != JsonValueKind.Number || json["releases"] is not JsonArray releases)
            throw Corrupt($"{Path}: expected {{\"deployer\": {ReleasePayload.Version}, \"releases\": [...]}}");

        var entries = new List<Stored>(releases.Count);
        for (var i = 0; i < releases.Count; i++)
        {
            var place = $"{Path}: releases[{i}]";
            if (releases[i] is not JsonObject item) throw Corrupt($"{place} is not an object");
            var id = Text(item, "id", place);
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw Corrupt($"{place}.id is not a number: '{id}'");
            var release = ReleasePayload.Parse(item["release"]) ?? throw Corrupt($"{place}.release is not a Deployer release");
            var status = Text(item, "status", place) switch
            {
                "in_progress" => ReleaseStatus.InProgress,
                "success" => ReleaseStatus.Success,
                "failure" => ReleaseStatus.Failure,
                "inactive" => ReleaseStatus.Inactive,
                var other => throw Corrupt($"{place}.status is not in_progress, success, failure or inactive: '{other}'"),
            };
            var logUrl = item["logUrl"] is null ? null : Text(item, "logUrl", place);
            entries.Add(new Stored(new LedgerEntry(id, release, status, Time(item, "createdAt", place), logUrl), Time(item, "updatedAt", place)));
        }
        return entries;
    }

    private void Write(List<Stored> entries)
    {
        var root = new JsonObject
        {
            ["deployer"] = ReleasePayload.Version,
            ["releases"] = new JsonArray(entries.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Entry.Id,
                ["status"] = LedgerText.State(s.Entry.Status),
                ["createdAt"] = s.Entry.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                ["updatedAt"] = s.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
                ["logUrl"] = s.Entry.LogUrl,
                ["release"] = ReleasePayload.ToJson(s.Entry.Release),
            }).ToArray()),
        };
        var temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var text = secrets is null ? root.ToJsonString(Indented) : secrets.Scrub(secrets.Redact(root)!.ToJsonString(Indented));
            using (var stream = PrivateFile.Open(temporary, FileMode.CreateNew))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Holds <c>releases.json.lock</c> exclusively (an OS file lock, released if the process dies). The lock file is left
    /// in place: deleting it on release would let two writers lock two different files.
    /// </summary>
    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var lockPath = Path + ".lock";
        var deadline = time.GetUtcNow() + LockTimeout;
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFile.Mode;
                return new FileStream(lockPath, options);
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new IOException($"Another Deployer run has held {lockPath} for {LockTimeout.TotalSeconds:0} s; the release was not recorded.", e);
            }
        }
    }

    private static string Text(JsonObject item, string name, string place) =>
        item[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw Corrupt($"{place}.{name} is not a string");

    private static DateTimeOffset Time(JsonObject item, string name, string place) =>
        DateTimeOffset.TryParse(Text(item, name, place), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
            ? t
            : throw Corrupt($"{place}.{name} is not a timestamp");

    private static InvalidDataException Corrupt(string detail) =>
        new($"The release ledger is not readable: {detail}. It only records local rehearsals: fix it, or delete it to start afresh.");
}
