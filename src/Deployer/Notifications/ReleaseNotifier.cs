using Deployer.Secrets;

namespace Deployer.Notifications;

/// <summary>
/// Announces the moments of a release on every configured channel, in parallel. A notification is never part of the
/// outcome: one that fails, is refused or takes longer than its timeout is a warning, and the release goes on. It owns
/// the HTTP client it is given.
/// </summary>
public sealed class ReleaseNotifier(IReadOnlyList<(NotifySpec Spec, NoticeChannel Channel)> channels, SecretValues secrets, HttpClient http, TimeProvider time, TextWriter log)
    : IDisposable
{
    public int Count => channels.Count;

    /// <summary>
    /// Resolves each channel's secrets (registered with <paramref name="known"/>, so no output shows them);
    /// a channel whose secret cannot be read is left out with a warning.
    /// </summary>
    public static async Task<ReleaseNotifier> CreateAsync(IReadOnlyList<NotifySpec> specs, string environmentPath, SecretResolver secrets, SecretValues known,
        HttpClient http, TimeProvider time, TextWriter log, CancellationToken cancellationToken)
    {
        var channels = new List<(NotifySpec, NoticeChannel)>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var name = $"{environmentPath}.notify[{i}] ({(spec.Slack is not null ? "slack" : spec.Matrix is not null ? "matrix" : "webhook")})";
            try
            {
                NoticeChannel channel = spec switch
                {
                    { Slack: { } slack } => new SlackChannel(name, await secrets.ResolveAsync(slack.Webhook, cancellationToken)),
                    { Matrix: { } matrix } => new MatrixChannel(name, new Uri(matrix.Homeserver), matrix.Room, await secrets.ResolveAsync(matrix.Token, cancellationToken)),
                    { Webhook: { } hook } => new WebhookChannel(name, await secrets.ResolveAsync(hook.Url, cancellationToken), await secrets.ResolveAsync(hook.SigningKey, cancellationToken)),
                    _ => throw new InvalidOperationException("the description check admits exactly one channel kind"),
                };
                channels.Add((spec, channel));
            }
            catch (Exception e) when (e is SecretResolutionException or Aws.AwsServiceException or Aws.AwsConfigurationException or HttpRequestException)
            {
                log.WriteLine($"warning: {name} is off for this run: {e.Message}");
            }
        }
        return new ReleaseNotifier(channels, known, http, time, log);
    }

    public async Task AnnounceAsync(ReleaseNotice notice, CancellationToken cancellationToken)
    {
        // The reason quotes a step's message, which may hold a value only known since (a resolved channel token).
        if (notice.Reason is { } reason) notice = notice with { Reason = secrets.Scrub(reason) };
        var due = channels.Where(c => c.Spec.On is null || c.Spec.On.Contains(notice.Moment)).ToArray();
        await Task.WhenAll(due.Select(c => SendAsync(c.Spec, c.Channel, notice, cancellationToken)));
    }

    private async Task SendAsync(NotifySpec spec, NoticeChannel channel, ReleaseNotice notice, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(spec.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var request = channel.Request(notice);
            using var response = await http.SendAsync(request, linked.Token);
            if (!response.IsSuccessStatusCode)
                Warn(channel, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Warn(channel, $"no answer within {spec.TimeoutSeconds} s");
        }
        catch (OperationCanceledException)
        {
            Warn(channel, "the run was cancelled before it was sent");
        }
        catch (HttpRequestException e)
        {
            // The exception text can hold the URL, which is a secret; the writers scrub it, but say only the kind of failure.
            Warn(channel, e.HttpRequestError == HttpRequestError.Unknown ? "the request failed" : e.HttpRequestError.ToString());
        }
    }

    public void Dispose() => http.Dispose();

    private void Warn(NoticeChannel channel, string why)
    {
        lock (log) log.WriteLine($"warning: {channel.Name} was not notified: {why}; the release outcome is unchanged");
    }
}
