using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deployer.Secrets;

/// <summary>
/// The secret values known to this run, so every output can be scrubbed of them: values of secret-looking environment
/// variables, passwords inside URLs, and values the run registers (secret parameters, secrets it reads). Each value is
/// also recognised in the forms outputs give it (JSON-escaped, URL-encoded, base64, line by line: see
/// <see cref="SecretForms"/>), and all of them are found in one pass over the text, in time linear in its length.
/// </summary>
public sealed partial class SecretValues
{
    private readonly object _gate = new();
    private string[] _values = [];
    private SecretMatcher? _matcher = SecretMatcher.Empty;

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
            _matcher = null; // rebuilt by the next scrub, so registering many values costs one build
        }
        _added?.Invoke(value);
        foreach (var password in UrlPasswords.In(value))
        {
            Add(password);
            Add(Uri.UnescapeDataString(password));
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
            foreach (var password in UrlPasswords.In(value)) values.Add(password);
        }
        return values;
    }

    /// <summary>True when <paramref name="text"/> holds a known value (in any of its forms) or a URL password.</summary>
    public bool Reveals(string text) => !string.IsNullOrEmpty(text) && Spans(text, out _).Count > 0;

    /// <summary>The text with every known value replaced by <c>[REDACTED]</c>, and URL passwords masked.</summary>
    public string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var spans = Spans(text, out _);
        return spans.Count == 0 ? text : Replace(text, spans, text.Length);
    }

    /// <summary>
    /// Scrubs every string (and property name) of a JSON document in place, before it is serialised: the serialiser
    /// escapes characters such as <c>+</c>, so a value scrubbed only afterwards would no longer match. Returns the node,
    /// or the scrubbed copy when the node itself is a string.
    /// </summary>
    public JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (name, value) in json.ToArray())
                {
                    var redacted = Redact(value);
                    var scrubbed = Scrub(name);
                    if (scrubbed == name) { if (!ReferenceEquals(redacted, value)) json[name] = redacted; continue; }
                    json.Remove(name);
                    var unique = scrubbed;
                    for (var i = 2; json.ContainsKey(unique); i++) unique = $"{scrubbed} ({i})";
                    json[unique] = redacted;
                }
                return json;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var redacted = Redact(array[i]);
                    if (!ReferenceEquals(redacted, array[i])) array[i] = redacted;
                }
                return array;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                var clean = Scrub(text);
                return clean == text ? value : JsonValue.Create(clean);
            default:
                return node;
        }
    }

    /// <summary>
    /// For a stream: scrubs the leading part of <paramref name="text"/> that is final — whole lines that no secret still
    /// being written could reach back into — and says how many characters of <paramref name="text"/> it covers. The
    /// rest must be offered again with what follows.
    /// </summary>
    public string ScrubCompleteLines(string text, out int consumed)
    {
        var spans = Spans(text, out var pending);
        var cut = LineStart(text, text.Length);
        cut = Math.Min(cut, LineStart(text, text.Length - pending));
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var (start, end) in spans)
                if (start < cut && cut < end)
                {
                    cut = LineStart(text, start);
                    moved = true;
                }
        }
        consumed = cut;
        return Replace(text, spans.Where(s => s.End <= cut).ToList(), cut);
    }

    /// <summary>Known values and URL passwords in <paramref name="text"/>, merged, in order.</summary>
    private List<(int Start, int End)> Spans(ReadOnlySpan<char> text, out int pending)
    {
        var values = Matcher.Find(text, out pending);
        var passwords = UrlPasswords.Find(text);
        if (passwords.Count == 0) return values;
        var merged = new List<(int Start, int End)>(values.Count + passwords.Count);
        int v = 0, p = 0;
        while (v < values.Count || p < passwords.Count)
        {
            var next = p == passwords.Count || (v < values.Count && values[v].Start <= passwords[p].Start) ? values[v++] : passwords[p++];
            if (merged.Count > 0 && next.Start < merged[^1].End)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, next.End));
            else merged.Add(next);
        }
        return merged;
    }

    private SecretMatcher Matcher
    {
        get
        {
            lock (_gate)
                return _matcher ??= new SecretMatcher(_values.SelectMany(v => SecretForms.Of(v, MinimumLength)));
        }
    }

    private static string Replace(string text, List<(int Start, int End)> spans, int length)
    {
        if (spans.Count == 0) return text[..length];
        var clean = new StringBuilder(length);
        var at = 0;
        foreach (var (start, end) in spans)
        {
            clean.Append(text, at, start - at).Append(Secret.Redacted);
            at = end;
        }
        return clean.Append(text, at, length - at).ToString();
    }

    /// <summary>Where the line holding position <paramref name="index"/> starts (the text's length stays itself when it ends a line).</summary>
    private static int LineStart(string text, int index) => index <= 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    private const int MinimumLength = 4;

    [GeneratedRegex("(TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|ACCESS_KEY|CREDENTIAL|DATABASE_URL|CONNECTION_STRING|_DSN$|_PAT$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
