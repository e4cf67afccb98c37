using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Deployer.Aws;

/// <summary>Reads a query-protocol error response (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;…</c>) into an <see cref="AwsServiceException"/>.</summary>
public static class AwsQueryError
{
    /// <summary>
    /// Code and message from the first <c>Error</c> element (RDS and STS wrap it in <c>ErrorResponse</c>, EC2 in
    /// <c>Response/Errors</c>). A body that is not XML (a proxy's HTML page) is not quoted: only its status is.
    /// </summary>
    public static AwsServiceException Parse(AwsService service, string operation, int httpStatus, string? requestId, ReadOnlySpan<byte> body)
    {
        XElement? error = null;
        string? bodyRequestId = null;
        try
        {
            var root = body.IsEmpty ? null : XDocument.Parse(Encoding.UTF8.GetString(body)).Root;
            error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
            bodyRequestId = Child(root, "RequestId") ?? Child(root?.Elements().FirstOrDefault(e => e.Name.LocalName == "ResponseMetadata"), "RequestId");
        }
        catch (XmlException)
        {
            // Not XML: fall back to the status below.
        }

        var code = Child(error, "Code") is { } raw ? AwsJsonError.NormalizeCode(raw) : $"Http{httpStatus}";
        var message = Child(error, "Message") ?? $"HTTP {httpStatus} without an AWS error message";
        return new AwsServiceException(service.ServiceId, operation, code, message, httpStatus, requestId ?? bodyRequestId);
    }

    private static string? Child(XElement? element, string name) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
