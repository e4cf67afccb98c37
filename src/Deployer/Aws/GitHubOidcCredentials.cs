using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;

namespace Deployer.Aws;

/// <summary>
/// The description's aws.role assumed with GitHub's OIDC token: the token is requested from the runner
/// (ACTIONS_ID_TOKEN_REQUEST_URL with ACTIONS_ID_TOKEN_REQUEST_TOKEN, audience sts.amazonaws.com), then exchanged by
/// AssumeRoleWithWebIdentity, so a workflow needs only <c>id-token: write</c> and no separate role.
/// </summary>
internal sealed class GitHubOidcCredentials(Uri requestUrl, string requestToken, string roleArn, string sessionName, string region, Uri? stsEndpoint, TimeProvider time)
    : Roles.RenewingCredentials(time)
{
    // Renewal asks the runner for a fresh token too: GitHub's OIDC tokens expire minutes after they are issued.
    protected override async Task<Roles.StsSession> IssueAsync()
    {
        var token = await RequestTokenAsync();
        // AssumeRoleWithWebIdentity is unsigned: the OIDC token is the proof.
        using var sts = Roles.StsClient.Create(new AnonymousAWSCredentials(), region, stsEndpoint);
        var response = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = roleArn,
            RoleSessionName = sessionName,
            WebIdentityToken = token,
        });
        var c = response.Credentials;
        return new Roles.StsSession(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), ExpirationOf(c.Expiration));
    }

    private async Task<string> RequestTokenAsync()
    {
        var separator = requestUrl.Query.Length > 0 ? "&" : "?";
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, requestUrl + separator + "audience=sts.amazonaws.com");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requestToken);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new AwsCredentialsMissingException($"GitHub's OIDC token request answered {(int)response.StatusCode}: give the job permissions: id-token: write");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("value").GetString()
            ?? throw new AwsCredentialsMissingException("GitHub's OIDC token response has no value");
    }
}
