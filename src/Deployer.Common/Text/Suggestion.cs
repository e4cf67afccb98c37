namespace Deployer.Text;

/// <summary>"Did you mean" suggestions by edit distance, shared by every place that rejects a name.</summary>
public static class Suggestion
{
    /// <summary>The candidate closest to <paramref name="given"/>, when it is close enough to be a likely typo.</summary>
    /// <param name="given">What the user typed.</param>
    /// <param name="candidates">The names that exist.</param>
    /// <param name="normalize">The form names are compared in (default: lower case).</param>
    public static string? Closest(string given, IEnumerable<string> candidates, Func<string, string>? normalize = null)
    {
        normalize ??= name => name.ToLowerInvariant();
        var target = normalize(given);
        // A third of the name (at least 2 edits) keeps suggestions helpful without pairing unrelated words.
        var threshold = Math.Max(2, target.Length / 3);
        return candidates
            .Select(candidate => (candidate, distance: Distance(target, normalize(candidate))))
            .Where(x => x.distance <= threshold)
            .OrderBy(x => x.distance)
            .ThenBy(x => x.candidate, StringComparer.Ordinal)
            .Select(x => x.candidate)
            .FirstOrDefault();
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
