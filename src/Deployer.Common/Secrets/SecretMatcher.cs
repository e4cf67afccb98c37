namespace Deployer.Secrets;

/// <summary>
/// Finds every occurrence of a fixed set of strings in one pass over a text, in time linear in the text whatever the
/// number of strings: an Aho–Corasick automaton for the usual short values, and a Knuth–Morris–Pratt scan for each
/// very long one (whose automaton would cost a node per character and form). Immutable; built once per set of values.
/// </summary>
internal sealed class SecretMatcher
{
    /// <summary>Longer patterns get their own KMP scan rather than a trie branch of one node per character.</summary>
    private const int LongPattern = 4096;

    /// <summary>Up to this many table cells (nodes × character classes) the automaton is a full transition table.</summary>
    private const int MaxTable = 16 * 1024 * 1024;

    public static readonly SecretMatcher Empty = new([]);

    // The trie: children per node keyed by (node, char), the failure link, the longest pattern ending at the node
    // (itself or through its failure chain) and the node's depth.
    private readonly Dictionary<(int Node, char Char), int> _next = [];
    private readonly List<int> _fail = [0];
    private readonly List<int> _longest = [0];
    private readonly List<int> _depth = [0];
    private readonly (string Pattern, int[] Border)[] _long;

    // The per-node facts the scan reads, as arrays once built.
    private readonly int[] _longestOf;
    private readonly int[] _depthOf;

    // The full transition table, when it fits: one lookup per character, no failure links to chase. Characters no
    // pattern holds share class 0.
    private ushort[] _class = [];
    private int _classes;
    private int[]? _table;

    public SecretMatcher(IEnumerable<string> patterns)
    {
        var longPatterns = new List<(string, int[])>();
        foreach (var pattern in patterns.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (pattern.Length > LongPattern) longPatterns.Add((pattern, Border(pattern)));
            else Insert(pattern);
        }
        _long = [.. longPatterns];
        Link();
        _longestOf = [.. _longest];
        _depthOf = [.. _depth];
    }

    /// <summary>
    /// The stretches of <paramref name="text"/> covered by any pattern, merged where they overlap, in order; and how many
    /// trailing characters could still begin a pattern (text that must be held back when more may follow).
    /// </summary>
    public List<(int Start, int End)> Find(ReadOnlySpan<char> text, out int pending)
    {
        var found = new List<(int Start, int End)>();
        var node = 0;
        var states = new int[_long.Length];
        var table = _table;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            node = table is not null ? table[node * _classes + _class[c]] : Step(node, c);
            var longest = _longestOf[node];
            for (var p = 0; p < _long.Length; p++)
            {
                var (pattern, border) = _long[p];
                var k = states[p];
                while (k > 0 && pattern[k] != c) k = border[k - 1];
                if (pattern[k] == c) k++;
                if (k == pattern.Length)
                {
                    longest = Math.Max(longest, k);
                    k = border[k - 1];
                }
                states[p] = k;
            }
            if (longest > 0) Cover(found, i + 1 - longest, i + 1);
        }
        pending = _depthOf[node];
        foreach (var k in states) pending = Math.Max(pending, k);
        return found;
    }

    /// <summary>Adds [start, end) to intervals ordered by end, merging every earlier one it overlaps (amortised constant time).</summary>
    internal static void Cover(List<(int Start, int End)> intervals, int start, int end)
    {
        while (intervals.Count > 0 && intervals[^1].End > start)
        {
            start = Math.Min(start, intervals[^1].Start);
            end = Math.Max(end, intervals[^1].End);
            intervals.RemoveAt(intervals.Count - 1);
        }
        intervals.Add((start, end));
    }

    /// <summary>The automaton's transition: the child for <paramref name="c"/>, else the same from the failure link.</summary>
    private int Step(int node, char c)
    {
        while (true)
        {
            if (_next.TryGetValue((node, c), out var child)) return child;
            if (node == 0) return 0;
            node = _fail[node];
        }
    }

    private void Insert(string pattern)
    {
        var node = 0;
        foreach (var c in pattern)
        {
            if (!_next.TryGetValue((node, c), out var child))
            {
                child = _fail.Count;
                _next[(node, c)] = child;
                _fail.Add(0);
                _longest.Add(0);
                _depth.Add(_depth[node] + 1);
            }
            node = child;
        }
        _longest[node] = pattern.Length;
    }

    /// <summary>Failure links breadth first, so each node's link is set before its children need it.</summary>
    private void Link()
    {
        var children = _next.GroupBy(e => e.Key.Node).ToDictionary(g => g.Key, g => g.Select(e => (e.Key.Char, Child: e.Value)).ToArray());
        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (!children.TryGetValue(node, out var edges)) continue;
            foreach (var (c, child) in edges)
            {
                if (node != 0) _fail[child] = Step(_fail[node], c);
                _longest[child] = Math.Max(_longest[child], _longest[_fail[child]]);
                queue.Enqueue(child);
            }
        }
        Tabulate(children);
    }

    /// <summary>
    /// The transition of every node on every character class, breadth first: a missing child is the failure link's
    /// transition, already computed because the link is shallower.
    /// </summary>
    private void Tabulate(Dictionary<int, (char Char, int Child)[]> children)
    {
        var alphabet = _next.Keys.Select(k => k.Char).Distinct().ToArray();
        if ((long)_fail.Count * (alphabet.Length + 1) > MaxTable || alphabet.Length >= ushort.MaxValue) return;
        _class = new ushort[char.MaxValue + 1];
        for (var i = 0; i < alphabet.Length; i++) _class[alphabet[i]] = (ushort)(i + 1);
        _classes = alphabet.Length + 1;
        var table = new int[_fail.Count * _classes];
        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node != 0) Array.Copy(table, _fail[node] * _classes, table, node * _classes, _classes);
            if (!children.TryGetValue(node, out var edges)) continue;
            foreach (var (c, child) in edges)
            {
                table[node * _classes + _class[c]] = child;
                queue.Enqueue(child);
            }
        }
        _table = table;
    }

    /// <summary>KMP's border table: for each prefix, the length of its longest proper prefix that is also its suffix.</summary>
    private static int[] Border(string pattern)
    {
        var border = new int[pattern.Length];
        for (int i = 1, k = 0; i < pattern.Length; i++)
        {
            while (k > 0 && pattern[i] != pattern[k]) k = border[k - 1];
            if (pattern[i] == pattern[k]) k++;
            border[i] = k;
        }
        return border;
    }
}
