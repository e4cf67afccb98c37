using System.Text.RegularExpressions;

namespace Deployer.Secrets;

/// <summary>
/// The secret values known to this run, so every output can be scrubbed of them: values of secret-looking environment
/// variables, passwords inside URLs, and values the run registers (secret parameters, secrets it reads).
/// </summary>
public sealed partial class SecretValues
{
    private readonly object _gate = new();
    private string[] _values = [];

    /// <summary>Every value currently known, longest first so that overlapping secrets are scrubbed whole.</summary>
    public IReadOnlyList<string> All => _values;

    private Action<string>? _added;

    /// <summary>
    /// Calls <paramref name="added"/> with every value registered from now on, such as a connection string read from
    /// Secrets Manager mid-run, so the GitHub runner can be told to mask it before any tool prints it.
    /// </summary>
    public void OnAdded(Action<string> added) => _added = added;

    /// <summary>
    /// Registers a value to scrub, and the password of any URL inside it; short values are ignored because scrubbing them
    /// would mangle ordinary text.
    /// </summary>
    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < MinimumLength) return;
        lock (_gate)
        {
            if (_values.Contains(value, StringComparer.Ordinal)) return;
            _values = _values.Append(value).OrderByDescending(v => v.Length).ToArray();
        }
        _added?.Invoke(value);
        foreach (Match match in UrlPassword().Matches(value))
        {
            Add(match.Groups["password"].Value);
            Add(Uri.UnescapeDataString(match.Groups["password"].Value));
        }
    }

    public void Add(Secret secret) => Add(secret.Reveal());

    /// <summary>Secret-looking variables (tokens, keys, passwords, connection strings) and URL passwords in any variable.</summary>
    public static SecretValues FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var values = new SecretValues();
        foreach (var (name, value) in environment)
        {
            if (SecretName().IsMatch(name)) values.Add(value);
            foreach (Match match in UrlPassword().Matches(value)) values.Add(match.Groups["password"].Value);
        }
        return values;
    }

    /// <summary>The text with every known value replaced by <c>[REDACTED]</c>, and URL passwords masked.</summary>
    public string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var value in _values)
            if (text.Contains(value, StringComparison.Ordinal))
                text = text.Replace(value, Secret.Redacted, StringComparison.Ordinal);
        return UrlPassword().Replace(text, m => m.Value.Replace(m.Groups["password"].Value, Secret.Redacted));
    }

    private const int MinimumLength = 4;

    [GeneratedRegex("(TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|ACCESS_KEY|CREDENTIAL|DATABASE_URL|CONNECTION_STRING|_DSN$|_PAT$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    // scheme://user:password@host — the password part, whatever the scheme (postgresql, redis, amqp, https).
    [GeneratedRegex(@"[a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@]+:(?<password>[^@\s/]+)@")]
    private static partial Regex UrlPassword();
}
