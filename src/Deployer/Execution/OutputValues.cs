using Deployer.Planning;

namespace Deployer.Execution;

/// <summary>A step output with named values that later steps reference (<c>{{sam.api.ApiUrl}}</c>).</summary>
public interface INamedOutputs
{
    IReadOnlyDictionary<string, string> Outputs { get; }
}

/// <summary>Substitutes output references with the values their producers returned earlier in the run.</summary>
public static class OutputValues
{
    /// <summary><paramref name="value"/> resolved; throws <see cref="UnresolvedOutputException"/> naming <paramref name="setting"/> when an output is missing.</summary>
    public static string Resolve(string value, string setting, ExecutionState state) =>
        OutputReference.Substitute(value, setting, r => state.ResultOf(r.Producer)?.Output is INamedOutputs named ? named.Outputs.GetValueOrDefault(r.Output) : null);

    /// <summary>Each value of <paramref name="values"/> resolved, the setting named from <paramref name="parent"/> and its key.</summary>
    public static IReadOnlyDictionary<string, string> Resolve(IReadOnlyDictionary<string, string> values, string parent, ExecutionState state) =>
        values.ToDictionary(v => v.Key, v => Resolve(v.Value, Config.ConfigPath.Key(parent, v.Key), state), StringComparer.Ordinal);
}
