using System.Text.RegularExpressions;

namespace Deployer.Planning;

/// <summary>
/// A setting's reference to a named output of a step deployed earlier in the same run, written
/// <c>{{sam.&lt;stack&gt;.&lt;Output&gt;}}</c> (the API URL a frontend build bakes in). The planner turns each reference
/// into a dependency on its producer, <c>deploy-&lt;provider&gt;:&lt;name&gt;</c>; the handler of the step that reads it
/// substitutes the value when it runs. The one parser and substituter of such references.
/// </summary>
/// <param name="Provider">The producing module, e.g. <c>sam</c>.</param>
/// <param name="Name">What it deployed, e.g. the stack name.</param>
/// <param name="Output">The output key, e.g. <c>ApiUrl</c>.</param>
/// <param name="Setting">Where the description writes the reference (<c>environments.production.amplify[0].buildEnv.VITE_API_URL</c>), for errors.</param>
public sealed partial record OutputReference(string Provider, string Name, string Output, string Setting)
{
    /// <summary>The value a recorded release (a rollback's or promotion's source) had for this output; null when none was recorded.</summary>
    public string? Recorded { get; init; }

    /// <summary>The id of the step that produces the output.</summary>
    public string Producer => $"deploy-{Provider}:{Name}";

    /// <summary>As written: <c>{{sam.api.ApiUrl}}</c>.</summary>
    public string Text => $"{{{{{Provider}.{Name}.{Output}}}}}";

    /// <summary>The release record's key for a produced output (kept beside the step ids of its targets).</summary>
    public static string RecordKey(string provider, string name, string output) => $"output:{provider}.{name}.{output}";

    /// <summary>
    /// The references in some settings (a build's variables, a stack's parameters), in key order. When the plan ships a
    /// release of this same environment again (a rollback), each carries the value that release recorded; another
    /// environment's values (a promotion's source) are not this environment's, so they are not shown.
    /// </summary>
    public static IReadOnlyList<OutputReference> In(IReadOnlyDictionary<string, string> values, string parent, PlanContext context)
    {
        var source = context.Source?.Environment == context.EnvironmentName ? context.Source : null;
        return values.OrderBy(v => v.Key, StringComparer.Ordinal)
            .SelectMany(v => Pattern().Matches(v.Value).Select(m => Of(m, Config.ConfigPath.Key(parent, v.Key), source)))
            .ToArray();
    }

    /// <summary>
    /// <paramref name="value"/> with each reference replaced by what <paramref name="lookup"/> answers; a reference it has
    /// no value for is an <see cref="UnresolvedOutputException"/>.
    /// </summary>
    public static string Substitute(string value, string setting, Func<OutputReference, string?> lookup) =>
        Pattern().Replace(value, m =>
        {
            var reference = Of(m, setting, null);
            return lookup(reference) ?? throw new UnresolvedOutputException(reference);
        });

    /// <summary>How the dry run prints a value holding references: unresolved, with where each comes from (and its recorded value).</summary>
    public static string Describe(string value, IEnumerable<OutputReference> references)
    {
        var known = references.ToArray();
        var matches = Pattern().Matches(value);
        var mine = matches.Select(m => Of(m, "", null).Text).Distinct().Select(text => known.FirstOrDefault(r => r.Text == text)).OfType<OutputReference>().ToArray();
        if (mine.Length == 0) return value;
        var from = mine.Select(r => r.Recorded is null ? $"{r.Text} ← from {r.Producer}" : $"{r.Text} ← from {r.Producer} (recorded: {r.Recorded})");
        return matches is [var whole] && whole.Value == value ? from.Single() : $"{value} ({string.Join("; ", from)})";
    }

    private static OutputReference Of(Match match, string setting, ShippedRelease? source)
    {
        var (provider, name, output) = (match.Groups["provider"].Value, match.Groups["name"].Value, match.Groups["output"].Value);
        return new OutputReference(provider, name, output, setting)
        {
            Recorded = source?.Targets.GetValueOrDefault(RecordKey(provider, name, output)),
        };
    }

    // CloudFormation stack names are letters, digits and '-'; output keys are alphanumeric.
    [GeneratedRegex(@"\{\{\s*(?<provider>[a-z][A-Za-z0-9]*)\.(?<name>[A-Za-z0-9][A-Za-z0-9_-]*)\.(?<output>[A-Za-z0-9]+)\s*\}\}")]
    private static partial Regex Pattern();
}

/// <summary>A step that reads outputs of earlier steps: the planner orders it after their producers.</summary>
public interface IReadsOutputs
{
    /// <summary>The references in the step's settings.</summary>
    IReadOnlyList<OutputReference> References { get; }
}

/// <summary>A step whose result has named outputs other steps may reference (a SAM stack's outputs).</summary>
public interface IProducesOutputs;

/// <summary>A reference whose producer finished without that output (a key the stack does not declare).</summary>
public sealed class UnresolvedOutputException(OutputReference reference)
    : Exception($"{reference.Setting}: {reference.Text} has no value: {reference.Producer} did not produce an output '{reference.Output}'")
{
    public OutputReference Reference => reference;
}
