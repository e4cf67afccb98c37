using Amazon.Runtime.CredentialManagement;

namespace Deployer.Aws;

/// <summary>
/// The shared AWS profile that the injected environment selects (AWS_PROFILE, else <c>default</c>) and the credentials
/// file it lives in (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials with ~ from HOME or USERPROFILE). The SDK's
/// own parser reads it, together with the config file beside it, so role, SSO and credential_process profiles work.
/// </summary>
/// <param name="ProfileName">The profile to use.</param>
/// <param name="IsExplicit">Whether AWS_PROFILE named it (a missing named profile is an error, not a fall-through).</param>
/// <param name="CredentialsFile">The credentials file, or null when the environment names no home directory and no file.</param>
public sealed record SharedProfiles(string ProfileName, bool IsExplicit, string? CredentialsFile)
{
    public static SharedProfiles From(IReadOnlyDictionary<string, string> environment)
    {
        var named = AwsEnvironment.Get(environment, "AWS_PROFILE");
        var home = AwsEnvironment.Get(environment, "HOME") ?? AwsEnvironment.Get(environment, "USERPROFILE");
        // The SDK reads the config file beside the credentials file, so when only AWS_CONFIG_FILE is given the
        // credentials file is looked for next to it.
        var configFile = AwsEnvironment.Get(environment, "AWS_CONFIG_FILE");
        var credentialsFile = AwsEnvironment.Get(environment, "AWS_SHARED_CREDENTIALS_FILE")
            ?? (configFile is not null ? Path.Combine(Path.GetDirectoryName(configFile) ?? ".", "credentials") : null)
            ?? (home is not null ? Path.Combine(home, ".aws", "credentials") : null);
        return new SharedProfiles(named ?? SharedCredentialsFile.DefaultProfileName, named is not null, credentialsFile);
    }

    /// <summary>The profile's <c>region</c>, if the profile exists and sets one.</summary>
    public string? Region() => TryGetProfile(out var profile) ? profile.Region?.SystemName : null;

    /// <summary>Whether the profile exists and can produce credentials.</summary>
    public bool HasCredentials() => TryGetProfile(out var profile) && profile.CanCreateAWSCredentials;

    public string DescribeFiles() => CredentialsFile is null
        ? "no shared credentials file (neither HOME nor AWS_SHARED_CREDENTIALS_FILE is set)"
        : $"{CredentialsFile} and {Path.Combine(Path.GetDirectoryName(CredentialsFile) ?? ".", "config")}";

    private bool TryGetProfile(out CredentialProfile profile)
    {
        profile = null!;
        if (CredentialsFile is null) return false;
        try
        {
            return new SharedCredentialsFile(CredentialsFile).TryGetProfile(ProfileName, out profile);
        }
        catch (Exception e) when (e is not AwsConfigurationException)
        {
            throw new AwsConfigurationException($"Cannot read the AWS profile '{ProfileName}' from {DescribeFiles()}: {e.Message}");
        }
    }
}
