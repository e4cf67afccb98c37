using Amazon.Runtime;
using Amazon.SecurityToken.Model;

namespace Deployer.Aws.Roles;

/// <summary>
/// Makes the run's credentials the description's aws.role, before any step: credentials that are that role by
/// construction (the web identity of that role) are kept; otherwise sts:GetCallerIdentity says who they are, and unless
/// that is already the role, sts:AssumeRole is called with them. Both calls happen here, so missing or refused
/// credentials stop the run before anything changes (<see cref="AwsRoleException"/>).
/// </summary>
public static class RoleAssumption
{
    public static async Task<(AwsSettings Settings, AWSCredentials Credentials)> ApplyAsync(AwsSettings settings, RoleRequest? role, CancellationToken cancellationToken)
    {
        // The web identity of the role is this run's session too: CloudTrail names the app, environment and run.
        if (role is not null && settings.Credentials is AwsCredentialSource.GitHubOidc oidc && oidc.RoleArn == role.RoleArn)
            settings = settings with { Credentials = oidc with { SessionName = role.SessionName } };
        var credentials = settings.Credentials.CreateSdkCredentials(settings);
        if (role is null) return (settings, credentials);

        var identity = settings.Credentials.Describe();
        if (settings.Credentials.IsRole(role.RoleArn))
        {
            await Checked(() => credentials.GetCredentialsAsync(), role, $"with {identity}", "the role's credentials were refused");
            return (settings, credentials);
        }

        var caller = await Checked(() => CallerArnAsync(credentials, settings, cancellationToken), role, $"with {identity}", "sts:GetCallerIdentity refused these credentials");
        if (RoleArn.IsSameRole(role.RoleArn, caller)) return (settings, credentials);

        var assumed = new AwsCredentialSource.AssumedRole(settings.Credentials, role.RoleArn, role.SessionName);
        var roleCredentials = assumed.Assume(credentials, settings);
        // The first AssumeRole happens now; the signer refreshes the session from then on.
        await Checked(() => roleCredentials.GetCredentialsAsync(), role, $"by {caller} ({identity})", "sts:AssumeRole was refused");
        return (settings with { Credentials = assumed }, roleCredentials);
    }

    private static async Task<string> CallerArnAsync(AWSCredentials credentials, AwsSettings settings, CancellationToken cancellationToken)
    {
        using var sts = StsClient.Create(credentials, settings.Region, settings.OverriddenEndpoint(AwsService.Sts));
        return (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken)).Arn;
    }

    private static async Task<T> Checked<T>(Func<Task<T>> call, RoleRequest role, string who, string what)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException e)
        {
            throw new AwsRoleException($"{role.ConfigPath} {role.RoleArn} cannot be used {who}: {what} ({e.ErrorCode}: {OneLine(e.Message)})");
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            throw new AwsRoleException($"{role.ConfigPath} {role.RoleArn} cannot be used {who}: STS could not be reached ({OneLine(e.Message)})");
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
