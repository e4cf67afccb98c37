using Deployer.Releases;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Deployment locks on the host itself, <c>~/.deployer/locks/&lt;app&gt;.lock</c> (0600 JSON, one per app and host: two
/// environments of one app on one host share its proxy config, so they share the lock). Every change is one remote shell
/// script run under <c>flock</c> on <c>&lt;app&gt;.guard</c>: the compare and the write happen on the host with nothing in
/// between, and the kernel drops the guard when the script dies with its SSH channel. Writes go to a temporary file
/// renamed over the lock, so the lock is never seen half written. Because this implements <see cref="IDeployLocks"/>,
/// <see cref="DeployLease"/> brings waiting, renewal and take-over of an expired lock.
/// </summary>
public sealed class HostDeployLocks(IHomeHost host) : IDeployLocks
{
    /// <summary>Relative to the SSH user's home directory, where commands start.</summary>
    public const string Directory = ".deployer/locks";

    /// <summary>Exit status of the script when the lock holds something other than expected (a claim finds it taken).</summary>
    private const int Mismatch = 3;

    // $1 operation, $2 lock file, $3 expected text (replace, release), $4 new text (claim, replace).
    // Text comparison suffices: every lock is written from LockHolder.ToJson, which renders a holder one way only.
    private const string Script = """
        set -e
        op=$1 lock=$2
        current=$(cat "$lock" 2>/dev/null || true)
        case $op in
          claim) if [ -e "$lock" ]; then printf '%s' "$current"; exit 3; fi ;;
          replace) [ -e "$lock" ] && [ "$current" = "$3" ] || { printf '%s' "$current"; exit 3; } ;;
          release) if [ -e "$lock" ] && [ "$current" = "$3" ]; then rm -f "$lock"; fi; exit 0 ;;
          break) printf '%s' "$current"; rm -f "$lock"; exit 0 ;;
        esac
        printf '%s' "$4" > "$lock.$$.tmp"
        mv -f "$lock.$$.tmp" "$lock"
        """;

    private static readonly TimeSpan GuardWait = TimeSpan.FromSeconds(30);

    public string Name => $"the lock directory ~/{Directory} on {host.Name}";

    /// <summary>The lock file of an app, relative to the SSH user's home.</summary>
    public static string PathOf(string app) => $"{Directory}/{LocalDeployLocks.Safe(app)}.lock";

    public async Task<LockHolder?> ClaimAsync(string app, string environment, LockHolder holder, CancellationToken cancellationToken)
    {
        var result = await RunAsync("claim", app, "", holder.ToJson(), cancellationToken);
        return result.ExitCode == Mismatch ? Parse(result.Output, app) : null;
    }

    public async Task<bool> ReplaceAsync(string app, string environment, LockHolder expected, LockHolder next, CancellationToken cancellationToken) =>
        (await RunAsync("replace", app, expected.ToJson(), next.ToJson(), cancellationToken)).ExitCode != Mismatch;

    public async Task ReleaseAsync(string app, string environment, LockHolder held, CancellationToken cancellationToken) =>
        await RunAsync("release", app, held.ToJson(), "", cancellationToken);

    public async Task<LockHolder?> BreakAsync(string app, string environment, CancellationToken cancellationToken)
    {
        var text = (await RunAsync("break", app, "", "", cancellationToken)).Output;
        try
        {
            return text.Length == 0 ? null : Parse(text, app);
        }
        catch (InvalidDataException)
        {
            return null; // a broken lock is broken all the more: it is gone, and nobody in particular held it
        }
    }

    /// <summary>The command a lock operation runs; the lock's text travels in argv (it holds no secret).</summary>
    public static RemoteCommand Command(string operation, string app, string expected, string next) =>
        RemoteCommand.Of("sh", "-c", $"mkdir -p {Directory} && exec flock -w {GuardWait.TotalSeconds:0} \"$0\" sh -c \"$1\" sh \"$2\" \"$3\" \"$4\" \"$5\"",
            $"{Directory}/{LocalDeployLocks.Safe(app)}.guard", Script, operation, PathOf(app), expected, next) with { Umask = "077" };

    private async Task<RemoteResult> RunAsync(string operation, string app, string expected, string next, CancellationToken cancellationToken)
    {
        var result = await host.RunAsync(Command(operation, app, expected, next), null, cancellationToken);
        if (result.ExitCode is 0 or Mismatch) return result;
        throw new IOException(result.ExitCode == 127
            ? $"{host.Name} has no flock (util-linux), which its deployment lock needs: {result.Error.Trim()}"
            : $"{operation} of the deployment lock {PathOf(app)} on {host.Name} failed (exit {result.ExitCode}): {result.Error.Trim()}");
    }

    private LockHolder Parse(string text, string app) => LockHolder.Parse(text, $"~/{PathOf(app)} on {host.Name}");
}
