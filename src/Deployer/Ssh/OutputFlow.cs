using System.Globalization;

namespace Deployer.Ssh;

/// <summary>
/// Credit-based flow control for a remote command's standard output, so this process holds at most <see cref="Bound"/>
/// bytes of it whatever its size. SSH.NET cannot do this by itself: it opens the channel's window again as soon as data
/// arrives and writes every packet into <c>SshCommand.OutputStream</c>, an unbounded buffer; its channel and window
/// types are internal. So the remote side only produces what this side grants: the command's output passes through a
/// small POSIX <c>sh</c> loop that copies one chunk (<c>dd iflag=fullblock</c>, exactly <see cref="ChunkBytes"/>, fewer
/// only at the end) for each newline it reads on standard input, and ends after a short or empty chunk.
/// </summary>
/// <param name="ChunkBytes">Bytes one credit lets through.</param>
/// <param name="Chunks">Credits outstanding at most: granted but not yet read here.</param>
public sealed record OutputFlow(int ChunkBytes, int Chunks)
{
    /// <summary>1 MiB chunks, 4 outstanding: 4 MiB held at most, enough in flight to keep a LAN or a home uplink busy.</summary>
    public static OutputFlow Default { get; } = new(1 << 20, 4);

    /// <summary>The most output bytes this process holds unread at once.</summary>
    public long Bound => (long)ChunkBytes * Chunks;

    /// <summary>
    /// <paramref name="command"/> with its output metered: run by <c>sh -c</c> (whatever the login shell), standard input
    /// moved to descriptor 3 for the credits and replaced by <c>/dev/null</c> for the command itself. At the end of the
    /// output the metered command exits with the command's own status (kept in a <c>mktemp</c> file, since the loop after
    /// it would otherwise stand in for it), so a failed command reads as failed, as it would unmetered. It exits 1 with
    /// dd's message on standard error when dd fails (a host whose dd lacks <c>iflag=fullblock</c>: GNU coreutils and
    /// busybox have it), and 0 when this side stops granting before the end.
    /// </summary>
    public RemoteCommand Meter(RemoteCommand command)
    {
        if (ChunkBytes < 1 || Chunks < 1) throw new ArgumentOutOfRangeException(nameof(command), "an output flow needs a positive chunk size and at least one chunk");
        var chunk = ChunkBytes.ToString(CultureInfo.InvariantCulture);
        // dd's "records in" line is fixed by POSIX in the C locale: "1+0" a whole chunk, "0+1" the short last one, "0+0" the end.
        // The command's status is written before its side of the pipe closes, so it is there when the loop reads the end.
        var script = "exec 3<&0 </dev/null; t=$(mktemp) || exit 1; { " + command.Line + "; echo $? >\"$t\"; }" +
                     " | while IFS= read -r _ <&3; do r=$(LC_ALL=C dd bs=" + chunk + " count=1 iflag=fullblock 2>&1 >&4); " +
                     "case $r in \"1+0 records in\"*) ;; \"0+\"*) read -r c <\"$t\"; exit ${c:-1} ;; *) printf '%s\\n' \"$r\" >&2; exit 1 ;; esac; done 4>&1; " +
                     "s=$?; rm -f \"$t\"; exit $s";
        return RemoteCommand.Of("sh", "-c", script);
    }
}
