using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Deployer.Simulators.GitHub.State;

/// <summary>
/// A git object as the simulator stores it. Its sha is git's own (SHA-1 of <c>"&lt;type&gt; &lt;size&gt;\0&lt;content&gt;"</c>),
/// so the same blob, tree or commit has the same sha here as in any git repository.
/// </summary>
internal abstract record GitObject(string Sha)
{
    public abstract string Type { get; }

    protected static string Hash(string type, byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"{type} {content.Length.ToString(CultureInfo.InvariantCulture)}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }
}

internal sealed record GitBlob(string Sha, byte[] Content) : GitObject(Sha)
{
    public override string Type => "blob";

    public static GitBlob Of(byte[] content) => new(Hash("blob", content), content);
}

/// <summary>One entry of a tree: mode 100644/100755/040000/160000/120000, type blob/tree/commit.</summary>
internal sealed record GitTreeEntry(string Path, string Mode, string Type, string Sha, long? Size);

internal sealed record GitTree(string Sha, IReadOnlyList<GitTreeEntry> Entries) : GitObject(Sha)
{
    public override string Type => "tree";

    /// <summary>Entries in git's order (by name, a tree's name compared as if it ended in '/').</summary>
    public static GitTree Of(IEnumerable<GitTreeEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.Type == "tree" ? e.Path + "/" : e.Path, StringComparer.Ordinal).ToList();
        using var content = new MemoryStream();
        foreach (var entry in sorted)
        {
            // git writes a tree's mode without its leading zero.
            content.Write(Encoding.UTF8.GetBytes($"{entry.Mode.TrimStart('0')} {entry.Path}\0"));
            content.Write(Convert.FromHexString(entry.Sha));
        }
        return new GitTree(Hash("tree", content.ToArray()), sorted);
    }
}

internal sealed record GitSignature(string Name, string Email, DateTimeOffset Date)
{
    public string Raw => $"{Name} <{Email}> {Date.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)} +0000";
}

internal sealed record GitCommit(string Sha, string Tree, IReadOnlyList<string> Parents, string Message, GitSignature Author, GitSignature Committer)
    : GitObject(Sha)
{
    public override string Type => "commit";

    public static GitCommit Of(string tree, IReadOnlyList<string> parents, string message, GitSignature author, GitSignature committer)
    {
        var text = new StringBuilder($"tree {tree}\n");
        foreach (var parent in parents) text.Append($"parent {parent}\n");
        text.Append($"author {author.Raw}\ncommitter {committer.Raw}\n\n{message}");
        return new GitCommit(Hash("commit", Encoding.UTF8.GetBytes(text.ToString())), tree, parents, message, author, committer);
    }
}
