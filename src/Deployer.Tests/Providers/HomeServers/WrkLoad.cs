using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// What wrk counted: every completed response by status and body and every socket error by kind (from the Lua script),
/// and, counted again by wrk itself, the "Socket errors" and "Non-2xx or 3xx responses" lines of its report.
/// </summary>
public sealed record LoadCount(long Requests, long Ok, long Non2xx, long V1, long V2, long Connect, long Read, long Write, long Timeout)
{
    /// <summary>The sum of wrk's own "Socket errors: connect …, read …, write …, timeout …" line (absent: 0).</summary>
    public long ReportedSocketErrors { get; init; }

    /// <summary>wrk's own "Non-2xx or 3xx responses: N" line (absent: 0).</summary>
    public long ReportedNon2xx { get; init; }

    /// <summary>Every request that did not end in a 2xx, by whichever count saw more.</summary>
    public long Failed => Math.Max(Non2xx, ReportedNon2xx) + Math.Max(Connect + Read + Write + Timeout, ReportedSocketErrors);

    public long Other => Ok - V1 - V2;
}

/// <summary>
/// Debian's <c>wrk</c> against a URL until stopped: one thread, two connections, each waiting 10 ms between requests
/// (about 200 requests a second, a bounded load on a shared machine), <c>Connection: close</c> so every request opens a
/// connection as a new visitor would (a reused connection closed by an nginx reload races its next request, which a
/// browser retries but wrk counts). A Lua script counts every response's status and body; SIGINT ends the run and wrk
/// prints the counts. The 30 s request timeout only bounds a hung request, which would count as a failure.
/// </summary>
public sealed partial class WrkLoad : IAsyncDisposable
{
    private const string Script = """
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args) ok = 0; non2xx = 0; v1 = 0; v2 = 0 end
        function delay() return 10 end
        function response(status, headers, body)
          if status >= 200 and status < 300 then
            ok = ok + 1
            local text = body:match("^%s*(.-)%s*$")
            if text == "v1" then v1 = v1 + 1 elseif text == "v2" then v2 = v2 + 1 end
          else
            non2xx = non2xx + 1
          end
        end
        function done(summary, latency, requests)
          local ok, non2xx, v1, v2 = 0, 0, 0, 0
          for _, t in ipairs(threads) do
            ok = ok + t:get("ok"); non2xx = non2xx + t:get("non2xx"); v1 = v1 + t:get("v1"); v2 = v2 + t:get("v2")
          end
          local e = summary.errors
          io.write(string.format("deployer-load requests=%d ok=%d non2xx=%d v1=%d v2=%d connect=%d read=%d write=%d timeout=%d\n",
            summary.requests, ok, non2xx, v1, v2, e.connect, e.read, e.write, e.timeout))
        end
        """;

    private readonly Process _wrk;
    private readonly string _directory;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    /// <param name="host">The Host header to send instead of the URL's (a proxy that routes by domain).</param>
    public WrkLoad(Uri url, string? host = null)
    {
        var wrk = RequiredTool.File("/usr/bin/wrk", "wrk");
        _directory = Directory.CreateTempSubdirectory("deployer-wrk-").FullName;
        var script = Path.Combine(_directory, "count.lua");
        File.WriteAllText(script, Script);
        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true };
        var arguments = new List<string> { "-t1", "-c2", "-d3600s", "--timeout", "30s", "-H", "Connection: close", "-s", script };
        if (host is not null) arguments.AddRange(["-H", $"Host: {host}"]);
        arguments.Add(url.ToString());
        foreach (var a in arguments) start.ArgumentList.Add(a);
        _wrk = Process.Start(start)!;
        _output = _wrk.StandardOutput.ReadToEndAsync();
        _error = _wrk.StandardError.ReadToEndAsync();
    }

    /// <summary>Stops wrk as Ctrl-C would and reads its counts.</summary>
    public async Task<LoadCount> StopAsync()
    {
        if (Kill(_wrk.Id, 2) != 0) throw new InvalidOperationException($"could not signal wrk: errno {Marshal.GetLastPInvokeError()}");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _wrk.WaitForExitAsync(deadline.Token);
        var output = await _output;
        var line = Counts().Match(output);
        if (!line.Success) throw new InvalidOperationException($"wrk printed no counts (exit {_wrk.ExitCode}): {output}{await _error}");
        long N(string name) => long.Parse(line.Groups[name].Value, CultureInfo.InvariantCulture);
        var sockets = SocketErrors().Match(output);
        var non2xx = Non2xxLine().Match(output);
        long Printed(Match m, string name) => m.Success ? long.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return new LoadCount(N("requests"), N("ok"), N("non2xx"), N("v1"), N("v2"), N("connect"), N("read"), N("write"), N("timeout"))
        {
            ReportedSocketErrors = Printed(sockets, "connect") + Printed(sockets, "read") + Printed(sockets, "write") + Printed(sockets, "timeout"),
            ReportedNon2xx = Printed(non2xx, "count"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_wrk.HasExited)
        {
            _wrk.Kill();
            await _wrk.WaitForExitAsync();
        }
        _wrk.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"deployer-load requests=(?<requests>\d+) ok=(?<ok>\d+) non2xx=(?<non2xx>\d+) v1=(?<v1>\d+) v2=(?<v2>\d+) connect=(?<connect>\d+) read=(?<read>\d+) write=(?<write>\d+) timeout=(?<timeout>\d+)")]
    private static partial Regex Counts();

    [GeneratedRegex(@"Socket errors: connect (?<connect>\d+), read (?<read>\d+), write (?<write>\d+), timeout (?<timeout>\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<count>\d+)")]
    private static partial Regex Non2xxLine();
}
