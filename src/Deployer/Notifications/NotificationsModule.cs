using Deployer.Config;

namespace Deployer.Notifications;

/// <summary>
/// The <c>notify</c> key of an environment and its rules. Notifications are not steps: the run sends them around the
/// release (<see cref="ReleaseNotifier"/>), so this is a description module only.
/// </summary>
public sealed class NotificationsModule : IDescriptionModule
{
    public static readonly Section<IReadOnlyList<NotifySpec>> Notify =
        new(SectionScope.Environment, "notify", "Where the environment's releases are announced (start, success, failure, rollback).", []);

    public IReadOnlyList<ISection> Sections { get; } = [Notify];

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
        {
            var channels = Notify.Of(env);
            for (var i = 0; i < channels.Count; i++)
            {
                var at = ConfigPath.Index($"{path}.notify", i);
                var channel = channels[i];
                var kinds = new object?[] { channel.Slack, channel.Matrix, channel.Webhook }.Count(k => k is not null);
                if (kinds != 1) check.Report(at, "a notification needs exactly one of 'slack', 'matrix' or 'webhook'");
                if (channel.TimeoutSeconds is < 1 or > 120) check.Report($"{at}.timeoutSeconds", $"{channel.TimeoutSeconds} is not between 1 and 120 seconds");
                if (channel.On is { Count: 0 }) check.Report($"{at}.on", "an empty list announces nothing: omit 'on' to announce every moment, or remove the notification");
                if (channel.Matrix is { } matrix)
                {
                    check.Url(matrix.Homeserver, $"{at}.matrix.homeserver");
                    if (!matrix.Room.StartsWith('!') || !matrix.Room.Contains(':'))
                        check.Report($"{at}.matrix.room", $"'{matrix.Room}' is not a room id (!opaque:server); look it up in the room's settings");
                }
            }
        }
    }
}
