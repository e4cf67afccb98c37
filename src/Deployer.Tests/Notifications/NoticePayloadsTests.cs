using System.Text.Json.Nodes;
using Deployer.Notifications;
using Deployer.Planning;
using Deployer.Providers;

namespace Deployer.Tests.Notifications;

/// <summary>What each channel receives for a moment of a release, and the description's rules for channels.</summary>
public sealed class NoticePayloadsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);

    private static readonly ReleaseNotice RolledBack = new(ReleaseMoment.RolledBack, "shop", "production", "0123456789abcdef", PlanMode.Release, At,
        TimeSpan.FromSeconds(83.4), "https://github.com/acme/shop/actions/runs/7", "https://shop.example.com", "backend: health check <500> failed & rolled back");

    [Fact]
    public void Slack_gets_a_fallback_text_and_a_block_with_the_reason_and_links_in_its_own_escaping()
    {
        var payload = NoticePayloads.Slack(RolledBack);

        Assert.Equal("shop release to production (0123456) was rolled back in 83 s", payload["text"]!.GetValue<string>());
        var text = payload["blocks"]![0]!["text"]!["text"]!.GetValue<string>();
        Assert.Contains("backend: health check &lt;500&gt; failed &amp; rolled back", text);
        Assert.Contains("<https://github.com/acme/shop/actions/runs/7|run>", text);
        Assert.Contains("<https://shop.example.com|production>", text);
    }

    [Fact]
    public void Matrix_gets_an_m_text_message_with_a_plain_body_and_escaped_html()
    {
        var payload = NoticePayloads.Matrix(RolledBack);

        Assert.Equal("m.text", payload["msgtype"]!.GetValue<string>());
        Assert.Equal("org.matrix.custom.html", payload["format"]!.GetValue<string>());
        Assert.StartsWith("shop release to production (0123456) was rolled back in 83 s\nbackend: health check <500>", payload["body"]!.GetValue<string>());
        Assert.Contains("health check &lt;500&gt; failed &amp; rolled back", payload["formatted_body"]!.GetValue<string>());
    }

    [Fact]
    public void The_webhook_gets_every_fact_as_its_own_field()
    {
        var payload = NoticePayloads.Webhook(RolledBack);

        Assert.Equal("rolledBack", payload["event"]!.GetValue<string>());
        Assert.Equal(("shop", "production", "0123456789abcdef", "release"),
            (payload["app"]!.GetValue<string>(), payload["environment"]!.GetValue<string>(), payload["sha"]!.GetValue<string>(), payload["mode"]!.GetValue<string>()));
        Assert.Equal(83.4, payload["durationSeconds"]!.GetValue<double>());
        Assert.Equal("2026-12-05T14:00:00.0000000+00:00", payload["at"]!.GetValue<string>());
        Assert.Equal("https://shop.example.com", payload["environmentUrl"]!.GetValue<string>());
    }

    [Fact]
    public void A_start_has_no_duration_and_no_reason()
    {
        var payload = NoticePayloads.Webhook(new ReleaseNotice(ReleaseMoment.Started, "shop", "staging", "abc", PlanMode.Promotion, At));

        Assert.Equal("started", payload["event"]!.GetValue<string>());
        Assert.Null(payload["durationSeconds"]);
        Assert.Null(payload["reason"]);
        Assert.Equal("shop promotion to staging (abc) started", payload["summary"]!.GetValue<string>());
    }

    [Fact]
    public void The_signature_is_the_hmac_sha256_of_the_exact_body_as_github_signs_its_webhooks()
    {
        // The value GitHub documents for key "It's a Secret to Everybody" and body "Hello, World!".
        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            WebhookChannel.Signature("It's a Secret to Everybody", "Hello, World!"));
    }

    [Fact]
    public void A_channel_with_two_kinds_an_empty_on_list_or_a_room_alias_is_refused_naming_its_path()
    {
        const string text = """
            app: shop
            environments:
              production:
                notify:
                  - slack: { webhook: { env: SLACK_URL } }
                    webhook: { url: { env: HOOK_URL }, signingKey: { env: HOOK_KEY } }
                  - matrix: { homeserver: "not a url", room: "#ops:example.org", token: { env: MATRIX_TOKEN } }
                    on: []
            """;

        var errors = ProviderModules.Loader.Load("deploy.yml", text, new Dictionary<string, string>()).Errors.Select(e => $"{e.Path}: {e.Message}").ToArray();

        Assert.Contains("environments.production.notify[0]: a notification needs exactly one of 'slack', 'matrix' or 'webhook'", errors);
        Assert.Contains("environments.production.notify[1].on: an empty list announces nothing: omit 'on' to announce every moment, or remove the notification", errors);
        Assert.Contains(errors, e => e.StartsWith("environments.production.notify[1].matrix.homeserver: 'not a url' is not an absolute http(s) URL"));
        Assert.Contains(errors, e => e.StartsWith("environments.production.notify[1].matrix.room: '#ops:example.org' is not a room id"));
    }
}
