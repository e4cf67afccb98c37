using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Deployer.Secrets;

/// <summary>
/// The forms a secret value takes once some output has encoded it: JSON-escaped (System.Text.Json's default encoder
/// turns <c>+ &amp; &lt; &gt; ' "</c> into <c>\u002B</c>…, the relaxed one only quotes and control characters),
/// URL-encoded, base64, escaped for a workflow command (<c>%25 %0D %0A</c>) or a Markdown table cell. Each line of a
/// multi-line value (a PEM private key) is a form too, since outputs indent, re-join or escape lines one by one.
/// </summary>
internal static class SecretForms
{
    /// <summary>Values longer than this are not split into lines: a large blob is matched whole, in its encodings.</summary>
    private const int LineSplitLimit = 64 * 1024;

    public static IEnumerable<string> Of(string value, int minimumLength)
    {
        var pieces = new List<string> { value };
        if (value.Contains('\n') && value.Length <= LineSplitLimit)
            pieces.AddRange(value.Split('\n').Select(line => line.Trim()).Where(line => line.Length >= minimumLength && !IsArmor(line)));
        foreach (var piece in pieces.Distinct(StringComparer.Ordinal))
        {
            yield return piece;
            yield return JsonEncodedText.Encode(piece, JavaScriptEncoder.Default).ToString();
            yield return JsonEncodedText.Encode(piece, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
            yield return Uri.EscapeDataString(piece);
            yield return WebUtility.UrlEncode(piece);
            yield return piece.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
            yield return piece.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        var base64 = Convert.ToBase64String(bytes);
        yield return base64;
        yield return base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>PEM's <c>-----BEGIN …-----</c> lines say what follows, not what it is; masking them would hide public keys too.</summary>
    private static bool IsArmor(string line) => line.StartsWith("-----", StringComparison.Ordinal) && line.EndsWith("-----", StringComparison.Ordinal);
}
