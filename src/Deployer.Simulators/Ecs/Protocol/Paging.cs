using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Deployer.Simulators.Ecs.Protocol;

/// <summary>nextToken / maxResults pagination over an already ordered list.</summary>
internal static class Paging
{
    public static (List<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> items, JsonObject request, int defaultSize, int maximumSize)
    {
        var size = request.Int("maxResults") ?? defaultSize;
        if (size < 1 || size > maximumSize) throw EcsError.InvalidParameter($"maxResults must be between 1 and {maximumSize}.");
        var offset = 0;
        if (request.Str("nextToken") is { } token)
        {
            try { offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), CultureInfo.InvariantCulture); }
            catch (FormatException) { throw EcsError.InvalidParameter("The nextToken is invalid."); }
            if (offset < 0 || offset > items.Count) throw EcsError.InvalidParameter("The nextToken is invalid.");
        }
        var page = items.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < items.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + page.Count).ToString(CultureInfo.InvariantCulture)))
            : null;
        return (page, next);
    }
}
