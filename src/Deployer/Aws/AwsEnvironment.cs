using Amazon.Runtime.CredentialManagement;
using Deployer.Secrets;

namespace Deployer.Aws;

/// <summary>
/// Reads AWS settings from an injected environment the way the AWS SDKs read the process environment: region,
/// credential source, endpoint overrides. Shared profiles are read from the files that environment points at.
/// </summary>
public static class AwsEnvironment
{
    private const string EndpointPrefix = "AWS_ENDPOINT_URL";

    /// <summary>
    /// Resolves settings; <paramref name="explicitRegion"/> (from the deploy description) wins over the environment.
    /// Throws <see cref="AwsCredentialsMissingException"/> or <see cref="AwsConfigurationException"/> with every problem found.
    /// </summary>
    /// <remarks>
    /// With <paramref name="role"/> (the description's aws.role) and GitHub Actions' OIDC request variables present,
    /// the role is assumed with the job's OIDC token, so no workflow step has to assume it first.
    /// </remarks>
    public static AwsSettings Resolve(IReadOnlyDictionary<string, string> environment, string? explicitRegion = null, string? role = null)
    {
        var problems = new List<string>();
        var profiles = SharedProfiles.From(environment);
        var region = ResolveRegion(environment, explicitRegion, profiles);
        if (region is null)
            problems.Add("No AWS region: set `region` in the deploy description, AWS_REGION, or `region` in the AWS profile " +
                         "(in GitHub Actions, the `aws-region` input of aws-actions/configure-aws-credentials).");
        var (endpoint, serviceEndpoints) = ResolveEndpoints(environment, problems);

        string? missingReason = null;
        var credentials = GitHubOidc(environment, role) ?? ResolveCredentials(environment, profiles, out missingReason);
        if (credentials is null)
            throw new AwsCredentialsMissingException(NonEmpty(role) is { } wanted ? $"{missingReason}, so aws.role {wanted} cannot be assumed" : missingReason!, problems);
        if (problems.Count > 0) throw new AwsConfigurationException(string.Join(Environment.NewLine, problems));

        return new AwsSettings
        {
            Region = region!,
            Credentials = credentials,
            EndpointOverride = endpoint,
            ServiceEndpointOverrides = serviceEndpoints,
        };
    }

    /// <summary>The role through GitHub's OIDC token, when the runner offers one (the job has id-token: write) and no static keys are set.</summary>
    private static AwsCredentialSource.GitHubOidc? GitHubOidc(IReadOnlyDictionary<string, string> environment, string? role) =>
        NonEmpty(role) is { } arn && Get(environment, "AWS_ACCESS_KEY_ID") is null
        && Get(environment, "ACTIONS_ID_TOKEN_REQUEST_URL") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var requestUrl)
        && Get(environment, "ACTIONS_ID_TOKEN_REQUEST_TOKEN") is { } token
            ? new AwsCredentialSource.GitHubOidc(requestUrl, new Secret(token), arn)
            : null;

    /// <summary>Explicit region &gt; AWS_REGION &gt; AWS_DEFAULT_REGION &gt; the profile's region.</summary>
    public static string? ResolveRegion(IReadOnlyDictionary<string, string> environment, string? explicitRegion, SharedProfiles profiles) =>
        NonEmpty(explicitRegion) ?? Get(environment, "AWS_REGION") ?? Get(environment, "AWS_DEFAULT_REGION") ?? profiles.Region();

    /// <summary>
    /// The SDK default chain's order, over the injected environment: static keys, web identity, profile, container.
    /// Returns null with the reason when none applies.
    /// </summary>
    public static AwsCredentialSource? ResolveCredentials(IReadOnlyDictionary<string, string> environment, SharedProfiles profiles, out string? missingReason)
    {
        missingReason = null;
        var keyId = Get(environment, "AWS_ACCESS_KEY_ID");
        var secretKey = Get(environment, "AWS_SECRET_ACCESS_KEY");
        if (keyId is not null && secretKey is not null)
        {
            var token = Get(environment, "AWS_SESSION_TOKEN");
            return new AwsCredentialSource.StaticKeys(keyId, new Secret(secretKey), token is null ? null : new Secret(token));
        }
        if (keyId is not null || secretKey is not null)
        {
            missingReason = keyId is null ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not" : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not";
            return null;
        }

        var tokenFile = Get(environment, "AWS_WEB_IDENTITY_TOKEN_FILE");
        var roleArn = Get(environment, "AWS_ROLE_ARN");
        if (tokenFile is not null && roleArn is not null)
            return new AwsCredentialSource.WebIdentity(tokenFile, roleArn, Get(environment, "AWS_ROLE_SESSION_NAME") ?? "deployer");

        if (profiles.HasCredentials()) return new AwsCredentialSource.Profile(profiles.ProfileName, profiles.CredentialsFile!);
        if (profiles.IsExplicit)
        {
            // Like the SDK, a profile asked for by name that does not exist ends the search instead of falling through.
            missingReason = $"AWS_PROFILE is '{profiles.ProfileName}' but {profiles.DescribeFiles()} has no such profile with credentials";
            return null;
        }

        if (Get(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is not null || Get(environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI") is not null)
            return new AwsCredentialSource.Container();

        missingReason = "none of AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN, " +
                        $"AWS_CONTAINER_CREDENTIALS_* is set and profile '{profiles.ProfileName}' has no credentials in {profiles.DescribeFiles()}";
        return null;
    }

    /// <summary>AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.</summary>
    internal static (Uri? Endpoint, IReadOnlyDictionary<string, Uri> ServiceEndpoints) ResolveEndpoints(IReadOnlyDictionary<string, string> environment, List<string> problems)
    {
        var services = new Dictionary<string, Uri>(StringComparer.Ordinal);
        if (string.Equals(Get(environment, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
            return (null, services);

        Uri? general = null;
        foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(EndpointPrefix, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(value)) continue;
            if (name.Length > EndpointPrefix.Length && name[EndpointPrefix.Length] != '_') continue;
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"{name} is not an http(s) URL: '{value}'.");
                continue;
            }
            if (name.Length == EndpointPrefix.Length) general = uri;
            else services[name] = uri;
        }
        return (general, services);
    }

    internal static string? Get(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) ? NonEmpty(value) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
