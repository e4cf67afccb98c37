using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Deployer.Simulators.GitHub.Protocol;

/// <summary>
/// GitHub's page-based pagination: <c>per_page</c> (default 30, at most 100) and <c>page</c> (from 1), with a
/// <c>Link</c> header naming the prev, next, last and first pages by the request's own URL with <c>page</c> replaced.
/// </summary>
internal static class Pagination
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 100;

    public static (List<T> Page, string? Link) Page<T>(IReadOnlyList<T> items, HttpRequest request)
    {
        var perPage = Math.Clamp(Number(request, "per_page") ?? DefaultPerPage, 1, MaxPerPage);
        var page = Math.Max(Number(request, "page") ?? 1, 1);
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var slice = items.Skip((page - 1) * perPage).Take(perPage).ToList();

        var links = new List<string>();
        if (page > 1) links.Add(Link(request, Math.Min(page - 1, last), "prev"));
        if (page < last)
        {
            links.Add(Link(request, page + 1, "next"));
            links.Add(Link(request, last, "last"));
        }
        if (page > 1) links.Add(Link(request, 1, "first"));
        return (slice, links.Count == 0 ? null : string.Join(", ", links));
    }

    private static int? Number(HttpRequest request, string name) =>
        int.TryParse(request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Link(HttpRequest request, int page, string rel)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["page"] = page.ToString(CultureInfo.InvariantCulture);
        var builder = new QueryBuilder(query.SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? ""))));
        return $"<{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{builder.ToQueryString()}>; rel=\"{rel}\"";
    }
}
