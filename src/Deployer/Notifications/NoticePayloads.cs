using System.Net;
using System.Text.Json.Nodes;

namespace Deployer.Notifications;

/// <summary>The body each channel expects for a notice; pure, so the shapes are tested without a network.</summary>
public static class NoticePayloads
{
    /// <summary>Slack incoming webhook: <c>text</c> is the fallback notifications show, the block the message itself.</summary>
    public static JsonObject Slack(ReleaseNotice notice)
    {
        var lines = new List<string> { $"*{Escape(notice.Headline())}*" };
        if (notice.Reason is { } reason) lines.Add(Escape(reason));
        var links = Links(notice).Select(l => $"<{l.Url}|{l.Label}>").ToArray();
        if (links.Length > 0) lines.Add(string.Join(" · ", links));
        return new JsonObject
        {
            ["text"] = notice.Headline(),
            ["blocks"] = new JsonArray(new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = string.Join("\n", lines) },
            }),
        };

        // Slack's mrkdwn treats only these three as control characters.
        static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }

    /// <summary>A Matrix <c>m.room.message</c> event with a plain body and its HTML form.</summary>
    public static JsonObject Matrix(ReleaseNotice notice)
    {
        var plain = new List<string> { notice.Headline() };
        var html = new List<string> { $"<b>{WebUtility.HtmlEncode(notice.Headline())}</b>" };
        if (notice.Reason is { } reason)
        {
            plain.Add(reason);
            html.Add(WebUtility.HtmlEncode(reason));
        }
        foreach (var (label, url) in Links(notice))
        {
            plain.Add($"{label}: {url}");
            html.Add($"<a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(label)}</a>");
        }
        return new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = string.Join("\n", plain),
            ["format"] = "org.matrix.custom.html",
            ["formatted_body"] = string.Join("<br>", html),
        };
    }

    /// <summary>The generic webhook's document: every fact as its own field, for receivers that route on them.</summary>
    public static JsonObject Webhook(ReleaseNotice notice) => new()
    {
        ["event"] = Camel(notice.Moment.ToString()),
        ["app"] = notice.App,
        ["environment"] = notice.Environment,
        ["sha"] = notice.Sha,
        ["mode"] = Camel(notice.Mode.ToString()),
        ["at"] = notice.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["durationSeconds"] = notice.Duration is { } d ? Math.Round(d.TotalSeconds, 1) : null,
        ["runUrl"] = notice.RunUrl,
        ["environmentUrl"] = notice.EnvironmentUrl,
        ["reason"] = notice.Reason,
        ["summary"] = notice.Headline(),
    };

    private static IEnumerable<(string Label, string Url)> Links(ReleaseNotice notice)
    {
        if (notice.RunUrl is { } run) yield return ("run", run);
        if (notice.EnvironmentUrl is { } site) yield return (notice.Environment, site);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
