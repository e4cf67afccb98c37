using System.Text.Json;

namespace Deployer.Secrets;

/// <summary>
/// The app's secrets handed to a run as one JSON object of name → value (in a workflow, <c>toJSON(secrets)</c>, so the
/// release workflow needs no list of them), read by the description's <c>{ env: NAME }</c> references as environment
/// variables. Every value is registered with the scrubber first, so the runner masks it before anything could print
/// it. A variable the process really has wins; GitHub's <c>github_token</c> is left out (the ledger's token is its own
/// parameter).
/// </summary>
public static class AppSecrets
{
    /// <summary>Where the JSON comes from, for messages.</summary>
    public const string Parameter = "--app-secrets (NUKE_APP_SECRETS)";

    /// <exception cref="AppSecretsException">Not a JSON object of names to strings; the message never quotes a value.</exception>
    public static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> environment, string? json, SecretValues known)
    {
        if (string.IsNullOrWhiteSpace(json)) return environment;
        var secrets = Parse(json);
        foreach (var value in secrets.Values) known.Add(value);
        var merged = new Dictionary<string, string>(environment);
        foreach (var (name, value) in secrets)
            if (!environment.ContainsKey(name) && !name.Equals("github_token", StringComparison.OrdinalIgnoreCase))
                merged[name] = value;
        return merged;
    }

    private static Dictionary<string, string> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            // The parser's message can quote the text around the error, which is a secret.
            throw new AppSecretsException($"{Parameter} is not valid JSON; in a workflow pass ${{{{ toJSON(secrets) }}}}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new AppSecretsException($"{Parameter} must be a JSON object of secret names to values, not {Kind(document.RootElement.ValueKind)}");
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (!IsVariableName(member.Name)) problems.Add($"'{member.Name}' is not an environment variable name");
                else if (member.Value.ValueKind != JsonValueKind.String) problems.Add($"{member.Name} is {Kind(member.Value.ValueKind)}, not a string");
                else if (member.Value.GetString() is { Length: > 0 } value) secrets[member.Name] = value;
            }
            if (problems.Count > 0) throw new AppSecretsException($"{Parameter}: {string.Join("; ", problems)}");
            return secrets;
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a string",
    };

    private static bool IsVariableName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

/// <summary>The app's secrets parameter cannot be read; the run stops with exit 2 before anything runs.</summary>
public sealed class AppSecretsException(string message) : Exception(message);
