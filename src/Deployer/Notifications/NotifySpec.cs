using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Notifications;

/// <summary>One place a release is announced: exactly one of Slack, Matrix or a signed JSON webhook.</summary>
public sealed record NotifySpec
{
    [Description("Slack incoming webhook.")]
    public SlackSpec? Slack { get; init; }

    [Description("Matrix room, through the client-server API.")]
    public MatrixSpec? Matrix { get; init; }

    [Description("Generic JSON webhook, signed with HMAC-SHA256.")]
    public WebhookSpec? Webhook { get; init; }

    [Description("Which moments are announced; all of them when omitted.")]
    public IReadOnlyList<ReleaseMoment>? On { get; init; }

    [Description("How long one notification may take before it is given up (a warning, never a failed release).")]
    public int TimeoutSeconds { get; init; } = 10;
}

/// <summary>A Slack incoming webhook; its URL is the credential, so it is a secret.</summary>
public sealed record SlackSpec
{
    [Description("The webhook URL (https://hooks.slack.com/services/…), as a secret reference.")]
    public required SecretRef Webhook { get; init; }
}

/// <summary>A Matrix room that receives <c>m.room.message</c> events.</summary>
public sealed record MatrixSpec
{
    [Description("Homeserver base URL, e.g. https://matrix.example.org.")]
    public required string Homeserver { get; init; }

    [Description("Room id (!abc:example.org).")]
    public required string Room { get; init; }

    [Description("Access token of the posting user, as a secret reference.")]
    public required SecretRef Token { get; init; }
}

/// <summary>Any HTTP endpoint that takes the release as JSON, signed so the receiver can trust it.</summary>
public sealed record WebhookSpec
{
    [Description("Endpoint URL, as a secret reference (URLs often carry a token).")]
    public required SecretRef Url { get; init; }

    [Description("Key for the X-Deployer-Signature-256 header (HMAC-SHA256 of the body), as a secret reference.")]
    public required SecretRef SigningKey { get; init; }
}

/// <summary>The moments of a release that can be announced.</summary>
public enum ReleaseMoment { Started, Succeeded, Failed, RolledBack, Cancelled }
