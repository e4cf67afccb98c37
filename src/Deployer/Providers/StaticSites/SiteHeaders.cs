using System.Text.RegularExpressions;

namespace Deployer.Providers.StaticSites;

/// <summary>The Content-Type and Cache-Control an object is uploaded with.</summary>
public static partial class SiteHeaders
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string NoCache = "no-cache";
    /// <summary>Neither an entry point nor fingerprinted: cached briefly, revalidated after.</summary>
    public const string ShortLived = "public, max-age=300";

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json", [".map"] = "application/json", [".webmanifest"] = "application/manifest+json",
        [".txt"] = "text/plain; charset=utf-8", [".xml"] = "application/xml", [".svg"] = "image/svg+xml",
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif",
        [".webp"] = "image/webp", [".avif"] = "image/avif", [".ico"] = "image/vnd.microsoft.icon",
        [".woff"] = "font/woff", [".woff2"] = "font/woff2", [".ttf"] = "font/ttf", [".otf"] = "font/otf",
        [".wasm"] = "application/wasm", [".pdf"] = "application/pdf", [".mp4"] = "video/mp4", [".webm"] = "video/webm",
    };

    public static string ContentType(string key) =>
        Types.TryGetValue(Path.GetExtension(key), out var type) ? type : "application/octet-stream";

    /// <summary>
    /// Entry points are revalidated on every request (<c>no-cache</c>); fingerprinted assets (a hash of 8+ hex or
    /// base36 characters in the name, as bundlers write them: <c>app.3f9a1c2b.js</c>, <c>app-BkX9q2Lm.js</c>) never change, so they are immutable.
    /// </summary>
    public static string CacheControl(string key) =>
        SyncPlan.IsEntryPoint(key) ? NoCache : Fingerprint().IsMatch(Path.GetFileName(key)) ? Immutable : ShortLived;

    /// <summary>The headers of one object: the first matching rule wins over the defaults.</summary>
    public static ObjectHeaders For(string path, StaticSiteSpec site)
    {
        var rule = site.CacheRules.FirstOrDefault(r => r.Matches(path));
        var cacheControl = CacheControl(path) is var fallback && fallback == Immutable ? site.CacheControl : fallback;
        return new ObjectHeaders(ContentType(path), rule?.CacheControl ?? cacheControl, rule?.ContentEncoding);
    }

    [GeneratedRegex(@"[.-](?=[A-Za-z0-9_]*\d)[A-Za-z0-9_]{8,}\.[a-z0-9]+$")]
    private static partial Regex Fingerprint();
}

/// <summary>The Content-Type, Cache-Control and optional Content-Encoding an object is stored with.</summary>
public sealed record ObjectHeaders(string ContentType, string CacheControl, string? ContentEncoding);
