using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Deployer.Tests.Secrets;

/// <summary>
/// Secret values that encoders change (<c>+ &amp; &lt; &gt; ' "</c>, <c>%</c>, newlines, a PEM private key) and the forms
/// in which a channel could leak them, for the tests to grep every output for.
/// </summary>
public static class SecretSamples
{
    /// <summary>A fresh private key per test run: multi-line, and nothing a test could match by accident.</summary>
    public static readonly string PrivateKey = RSA.Create(2048).ExportPkcs8PrivateKeyPem();

    /// <summary>Half of real AWS secret keys hold a '+'; this one holds every character the default JSON encoder escapes.</summary>
    public const string Awkward = "SEKRIT123abc+x/y&z<w>'q\"r";

    /// <summary>Percent signs, a URL escape and a line break.</summary>
    public const string Percent = "tok%2Ben%41-100%\nsecond-line-of-it";

    public static IReadOnlyDictionary<string, string> Values => new Dictionary<string, string>
    {
        ["PAYMENTS_SECRET"] = Awkward,
        ["SHOP_API_TOKEN"] = Percent,
        ["SIGNING_PRIVATE_KEY"] = PrivateKey,
    };

    /// <summary>
    /// Each value raw, JSON-escaped by System.Text.Json's default and relaxed encoders, URL-encoded and in base64; and each
    /// line of the key (an output that indents or re-joins lines would leak them one by one).
    /// </summary>
    public static IEnumerable<(string Name, string Form)> Forms()
    {
        foreach (var (name, value) in Values)
        {
            yield return ($"{name} raw", value);
            yield return ($"{name} JSON (default encoder)", JsonEncodedText.Encode(value, JavaScriptEncoder.Default).ToString());
            yield return ($"{name} JSON (relaxed encoder)", JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
            yield return ($"{name} URL-encoded", Uri.EscapeDataString(value));
            yield return ($"{name} base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(value)));
        }
        foreach (var line in PrivateKey.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)))
            yield return ("a line of SIGNING_PRIVATE_KEY", line);
        yield return ("the first line of SHOP_API_TOKEN", Percent.Split('\n')[0]);
    }

    /// <summary>Fails naming the channel and the form when <paramref name="text"/> shows any form of any secret.</summary>
    public static void AssertNoneIn(string channel, string text)
    {
        Assert.False(string.IsNullOrWhiteSpace(text), $"{channel} is empty: the test would prove nothing");
        foreach (var (name, form) in Forms())
            Assert.False(text.Contains(form, StringComparison.Ordinal), $"{channel} shows {name}:\n{text}");
    }
}
