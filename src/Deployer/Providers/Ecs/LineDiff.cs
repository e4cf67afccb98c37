namespace Deployer.Providers.Ecs;

/// <summary>A small unified line diff (longest common subsequence), enough for task definitions and settings.</summary>
public static class LineDiff
{
    public static IReadOnlyList<string> Unified(IReadOnlyList<string> before, IReadOnlyList<string> after, int context)
    {
        var lengths = new int[before.Count + 1, after.Count + 1];
        for (var i = before.Count - 1; i >= 0; i--)
            for (var j = after.Count - 1; j >= 0; j--)
                lengths[i, j] = before[i] == after[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);

        var script = new List<(char Kind, string Line)>();
        int a = 0, b = 0;
        while (a < before.Count || b < after.Count)
        {
            if (a < before.Count && b < after.Count && before[a] == after[b]) { script.Add((' ', before[a])); a++; b++; }
            // Removals before additions, as people read diffs.
            else if (a < before.Count && (b == after.Count || lengths[a + 1, b] >= lengths[a, b + 1])) script.Add(('-', before[a++]));
            else script.Add(('+', after[b++]));
        }
        if (script.All(s => s.Kind == ' ')) return [];

        var keep = new bool[script.Count];
        for (var i = 0; i < script.Count; i++)
            if (script[i].Kind != ' ')
                for (var k = Math.Max(0, i - context); k <= Math.Min(script.Count - 1, i + context); k++) keep[k] = true;
        var lines = new List<string>();
        for (var i = 0; i < script.Count; i++)
        {
            if (keep[i]) lines.Add($"{script[i].Kind} {script[i].Line.TrimEnd('\r')}");
            else if (i > 0 && keep[i - 1]) lines.Add("  …");
        }
        return lines;
    }
}
