using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Deployer.Secrets;

namespace Deployer.Notifications;

/// <summary>One resolved place a notice goes: it knows its request; the notifier owns timing and failure.</summary>
public abstract record NoticeChannel(string Name)
{
    public abstract HttpRequestMessage Request(ReleaseNotice notice);

    protected static StringContent Json(JsonObject body) =>
        new(body.ToJsonString(), Encoding.UTF8, "application/json");
}

/// <summary>Slack: a POST of the message to the webhook URL.</summary>
public sealed record SlackChannel(string Name, Secret Webhook) : NoticeChannel(Name)
{
    public override HttpRequestMessage Request(ReleaseNotice notice) =>
        new(HttpMethod.Post, Webhook.Reveal()) { Content = Json(NoticePayloads.Slack(notice)) };
}

/// <summary>Matrix: PUT of an <c>m.room.message</c> with a transaction id, so a retried request posts once.</summary>
public sealed record MatrixChannel(string Name, Uri Homeserver, string Room, Secret Token) : NoticeChannel(Name)
{
    public override HttpRequestMessage Request(ReleaseNotice notice)
    {
        var transaction = $"deployer-{notice.ShortSha}-{notice.Moment.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}";
        var path = $"_matrix/client/v3/rooms/{Uri.EscapeDataString(Room)}/send/m.room.message/{Uri.EscapeDataString(transaction)}";
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(new Uri(Homeserver.ToString().TrimEnd('/') + "/"), path))
        {
            Content = Json(NoticePayloads.Matrix(notice)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token.Reveal());
        return request;
    }
}

/// <summary>A generic webhook: the JSON document, signed like GitHub's <c>X-Hub-Signature-256</c>.</summary>
public sealed record WebhookChannel(string Name, Secret Url, Secret SigningKey) : NoticeChannel(Name)
{
    public const string SignatureHeader = "X-Deployer-Signature-256";

    public override HttpRequestMessage Request(ReleaseNotice notice)
    {
        var body = NoticePayloads.Webhook(notice).ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, Url.Reveal()) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignatureHeader, Signature(SigningKey.Reveal(), body));
        request.Headers.Add("X-Deployer-Event", notice.Moment.ToString().ToLowerInvariant());
        request.Headers.Add("X-Deployer-Delivery", Guid.NewGuid().ToString());
        return request;
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes.</summary>
    public static string Signature(string key, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body)));
}
