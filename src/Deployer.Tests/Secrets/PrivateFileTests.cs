using Deployer.Releases;
using Deployer.Secrets;
using Deployer.Tests.Surface;
using static Deployer.Tests.Releases.Releases;

namespace Deployer.Tests.Secrets;

/// <summary>What a run records (the result file, the local ledger) is readable by its owner only: 0600, even when the file was 0644 before.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFileTests : IDisposable
{
    private readonly BuildSurface _build = new();

    public void Dispose() => _build.Dispose();

    private static void AssertPrivate(string path) =>
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

    private static void MakePublic(string path)
    {
        File.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    [Fact]
    public void The_result_file_is_mode_0600_even_when_it_was_0644()
    {
        MakePublic(_build.ResultFile);

        var result = _build.Run("DeployProduction", "--dry-run", "--config", "examples/saas/deploy.yml", "--git-sha", EcsSha);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("\"dryRun\": true", File.ReadAllText(_build.ResultFile));
        AssertPrivate(_build.ResultFile);
    }

    [Fact]
    public async Task The_local_ledger_and_its_lock_are_mode_0600_even_when_the_ledger_was_0644()
    {
        var secrets = new SecretValues();
        secrets.Add(SecretSamples.Awkward);
        var ledger = LocalLedger.InRepository(_build.Root, TimeProvider.System, secrets);
        Directory.CreateDirectory(Path.GetDirectoryName(ledger.Path)!);
        await ledger.RecordAsync(Release(url: "https://shop.example/health"), ReleaseStatus.Success, null, CancellationToken.None);
        File.SetUnixFileMode(ledger.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await ledger.RecordAsync(Release(url: $"https://shop.example/health?token={Uri.EscapeDataString(SecretSamples.Awkward)}"), ReleaseStatus.Success,
            null, CancellationToken.None);

        AssertPrivate(ledger.Path);
        AssertPrivate(ledger.Path + ".lock");
        var text = File.ReadAllText(ledger.Path);
        Assert.Contains("https://shop.example/health?token=[REDACTED]", text);
        Assert.DoesNotContain(Uri.EscapeDataString(SecretSamples.Awkward), text);
        Assert.Equal(2, (await ledger.HistoryAsync("shop", "staging", CancellationToken.None)).Count);
    }

    private const string EcsSha = "5e1ec7ed0000000000000000000000000000c0de";
}
