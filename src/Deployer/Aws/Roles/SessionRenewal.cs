namespace Deployer.Aws.Roles;

/// <summary>
/// When a role session is renewed: ahead of its expiry by <see cref="Margin"/>, so no request of a long release is
/// signed with credentials about to lapse (STS sessions last an hour by default; a blue/green bake can outlast that).
/// </summary>
public static class SessionRenewal
{
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>Whether a session expiring at <paramref name="expiration"/> (none yet: null) must be renewed at <paramref name="now"/>. Pure.</summary>
    public static bool IsDue(DateTimeOffset now, DateTimeOffset? expiration, TimeSpan margin) =>
        expiration is not { } end || now >= end - margin;
}
