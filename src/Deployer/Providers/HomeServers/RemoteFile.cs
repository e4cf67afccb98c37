using System.Text;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>A file on the host replaced whole: written beside itself, then renamed over the old one, so a reader sees the old or the new content and never half a file or none.</summary>
public static class RemoteFile
{
    public static async Task ReplaceAsync(IHomeHost host, string path, string text)
    {
        var temporary = path + ".deployer-new";
        await host.RequireAsync(RemoteCommand.Of("cat") with { WritesTo = temporary }, CancellationToken.None, new MemoryStream(Encoding.UTF8.GetBytes(text)));
        await host.RequireAsync(RemoteCommand.Of("mv", "-f", temporary, path), CancellationToken.None);
    }

    /// <summary>The file's content, or null when it does not exist.</summary>
    public static async Task<string?> ReadAsync(IHomeHost host, string path, CancellationToken cancellationToken)
    {
        var read = await host.RunAsync(RemoteCommand.Of("cat", path), null, cancellationToken);
        if (!read.Succeeded && read.Error.Contains("No such file", StringComparison.Ordinal)) return null;
        return read.EnsureSuccess(host.Name).Output;
    }
}
