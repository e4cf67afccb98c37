using System.Text.Json.Nodes;
using Deployer.Releases;
using static Deployer.Tests.Releases.Releases;

namespace Deployer.Tests.Releases;

/// <summary>The local ledger's file: where it is, what it holds, and that it survives crashes, races and hand edits.</summary>
public sealed class LocalLedgerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("deployer-ledger-").FullName;

    private string File => Path.Combine(_root, ".deployer", "releases.json");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Releases_are_kept_in_dot_deployer_releases_json_under_the_repository_root()
    {
        var ledger = LocalLedger.InRepository(_root, TimeProvider.System);
        var release = Release(Sha(1));

        var entry = await ledger.RecordAsync(release, ReleaseStatus.Success, "log", CancellationToken.None);

        Assert.Equal(File, ledger.Path);
        Assert.Equal($"the local ledger {File}", ledger.Name);
        var stored = JsonNode.Parse(System.IO.File.ReadAllText(File))!;
        Assert.Equal(1, stored["deployer"]!.GetValue<int>());
        var item = Assert.Single(stored["releases"]!.AsArray())!;
        Assert.Equal(("1", "success", "log"), (item["id"]!.GetValue<string>(), item["status"]!.GetValue<string>(), item["logUrl"]!.GetValue<string>()));
        Assert.Equal(ReleasePayload.ToJson(release).ToJsonString(), item["release"]!.ToJsonString());
        Assert.Equal(entry.CreatedAt, DateTimeOffset.Parse(item["createdAt"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_write_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        var ledger = LocalLedger.InRepository(_root, TimeProvider.System);
        for (var i = 1; i <= 3; i++) await ledger.RecordAsync(Release(Sha(i)), ReleaseStatus.Success, null, CancellationToken.None);

        Assert.Equal(["releases.json", "releases.json.lock"], Directory.GetFiles(Path.GetDirectoryName(File)!).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Runs_recording_at_the_same_time_lose_nothing()
    {
        var ledgers = new[] { LocalLedger.InRepository(_root, TimeProvider.System), LocalLedger.InRepository(_root, TimeProvider.System) };

        var entries = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            Task.Run(() => ledgers[i % 2].RecordAsync(Release(Sha(i)), ReleaseStatus.Failure, null, CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()), entries.Select(e => e.Id).OrderBy(int.Parse));
        Assert.Equal(20, (await ledgers[0].HistoryAsync("shop", "staging", CancellationToken.None)).Count);
    }

    [Theory]
    [InlineData("{ \"deployer\": 1,\n  \"releases\": [ oops ] }", ":2: ")]
    [InlineData("[]", "expected {\"deployer\": 1, \"releases\": [...]}")]
    [InlineData("{\"deployer\": 1, \"releases\": [{\"id\": \"1\", \"status\": \"done\", \"createdAt\": \"2025-03-01T12:00:00Z\", \"updatedAt\": \"2025-03-01T12:00:00Z\", \"release\": {\"deployer\": 1, \"app\": \"shop\", \"environment\": \"staging\", \"gitSha\": \"abc\", \"mode\": \"release\"}}]}",
        "releases[0].status is not in_progress, success, failure or inactive: 'done'")]
    [InlineData("{\"deployer\": 1, \"releases\": [{\"id\": \"1\", \"status\": \"success\", \"release\": {}}]}", "releases[0].release is not a Deployer release")]
    public async Task A_damaged_file_is_reported_with_the_place_and_what_to_do(string content, string place)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        System.IO.File.WriteAllText(File, content);
        var ledger = LocalLedger.InRepository(_root, TimeProvider.System);

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => ledger.HistoryAsync("shop", "staging", CancellationToken.None));

        Assert.StartsWith($"The release ledger is not readable: {File}", failure.Message);
        Assert.Contains(place, failure.Message);
        Assert.EndsWith("It only records local rehearsals: fix it, or delete it to start afresh.", failure.Message);
        await Assert.ThrowsAsync<InvalidDataException>(() => ledger.RecordAsync(Release(), ReleaseStatus.Success, null, CancellationToken.None));
        Assert.Equal(content, System.IO.File.ReadAllText(File));
    }
}
