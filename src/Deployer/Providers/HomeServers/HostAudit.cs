using System.Globalization;
using System.Text.Json.Nodes;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// One line of a host's audit log: who did what to which service of which app, at which commit, and how it ended.
/// <paramref name="Action"/> is <c>lock</c>, <c>start</c> (a service's change begins), <c>switch</c> (a release ended),
/// <c>rollback</c> (a rollback ended); <paramref name="Service"/> is empty for the lock.
/// </summary>
public sealed record AuditEntry(DateTimeOffset Time, string Who, string App, string Service, string Sha, string Action, string Outcome,
    string? Detail = null)
{
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["time"] = Time.ToString("O", CultureInfo.InvariantCulture),
            ["who"] = Who,
            ["app"] = App,
            ["service"] = Service,
            ["sha"] = Sha,
            ["action"] = Action,
            ["outcome"] = Outcome,
        };
        if (Detail is not null) json["detail"] = Detail;
        return json.ToJsonString();
    }

    public static AuditEntry Parse(string line)
    {
        var json = JsonNode.Parse(line)!.AsObject();
        string Text(string name) => json[name]!.GetValue<string>();
        return new AuditEntry(DateTimeOffset.Parse(Text("time"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), Text("who"), Text("app"),
            Text("service"), Text("sha"), Text("action"), Text("outcome"), json["detail"]?.GetValue<string>());
    }
}

/// <summary>
/// Appends to <c>~/.deployer/audit.log</c> on a host. Each entry is one <c>printf</c> of one line to a file opened with
/// O_APPEND, so lines of two runs interleave whole, never mixed. The log is never rewritten by Deployer.
/// </summary>
public sealed class HostAudit(IHomeHost host)
{
    /// <summary>Relative to the SSH user's home directory.</summary>
    public const string Path = ".deployer/audit.log";

    public static RemoteCommand Command(AuditEntry entry) =>
        RemoteCommand.Of("sh", "-c", $"mkdir -p .deployer && printf '%s\\n' \"$0\" >> {Path}", entry.ToJson()) with { Umask = "077" };

    /// <summary>Appends the entry; a failure is returned as a warning rather than thrown, since the deploy itself went as the entry says.</summary>
    public async Task<string?> AppendAsync(AuditEntry entry)
    {
        try
        {
            var result = await host.RunAsync(Command(entry), null, CancellationToken.None);
            return result.Succeeded ? null : $"warning: the audit log ~/{Path} on {host.Name} was not written: {result.Error.Trim()}";
        }
        catch (Exception e) when (e is SshLinkLostException or IOException or InvalidOperationException)
        {
            return $"warning: the audit log ~/{Path} on {host.Name} was not written: {e.Message}";
        }
    }
}
