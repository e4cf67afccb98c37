namespace Deployer.Text;

/// <summary>"Did you mean" suggestions by edit distance, shared by every place that rejects a name.</summary>
public static class Suggestion
{
    /// <summary>The candidate closest to <paramref name="given"/>, when it is close enough to be a likely typo.</summary>
    public static string? Closest(string given, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        // A third of the name (at least 2 edits) keeps suggestions helpful without pairing unrelated words.
        return best is not null && bestDistance <= Math.Max(2, given.Length / 3) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string DidYouMean(string given, IEnumerable<string> candidates, string quote = "'") =>
        Closest(given, candidates) is { } match ? $" (did you mean {quote}{match}{quote}?)" : "";

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
