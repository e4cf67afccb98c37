using System.Text.Json;

namespace Deployer.Output;

/// <summary>
/// Outputs the composite actions publish beyond each step's own (<c>push-image-api-digest</c>): collections keyed by image
/// or service (<c>images</c>, <c>digests</c>, <c>task-definitions</c>, written as one JSON object each) and plain values
/// (<c>migration-before</c>). Modules fill it from their finished steps, so the actions' shell library names no provider.
/// </summary>
public sealed class ActionOutputs
{
    private readonly SortedDictionary<string, SortedDictionary<string, string>> _collections = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>A collection that is written even when empty (<c>{}</c>), so an action's output is always valid JSON.</summary>
    public void Declare(string collection) => _collections.TryAdd(collection, new SortedDictionary<string, string>(StringComparer.Ordinal));

    /// <summary>One entry of a collection; the first value for a key wins.</summary>
    public void Collect(string collection, string key, string value)
    {
        Declare(collection);
        _collections[collection].TryAdd(key, value);
    }

    public void Set(string name, string value) => _values[name] = value;

    /// <summary>The outputs as names and text: collections as compact JSON objects.</summary>
    public IEnumerable<(string Name, string Value)> Render() =>
        _collections.Select(c => (c.Key, JsonSerializer.Serialize(c.Value))).Concat(_values.Select(v => (v.Key, v.Value)));
}
