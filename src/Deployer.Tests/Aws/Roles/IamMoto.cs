using System.Text.Json.Nodes;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws.Roles;

/// <summary>
/// A moto server of its own that enforces IAM (signatures, policies, role trust), set up as a small account: user
/// <c>ci</c> may only assume <see cref="DeployRole"/>, which may use ECS and S3; <see cref="AdminRole"/> trusts no one.
/// Enforcement starts after the set-up (moto's <c>/moto-api/reset-auth</c>), so it never affects the shared moto.
/// </summary>
public sealed class IamMoto : IAsyncLifetime
{
    public MotoServer Moto { get; } = new();

    public const string DeployRole = $"arn:aws:iam::{MotoServer.AccountId}:role/shop-deploy";
    public const string AdminRole = $"arn:aws:iam::{MotoServer.AccountId}:role/shop-admin";
    public const string User = $"arn:aws:iam::{MotoServer.AccountId}:user/ci";

    public string AccessKeyId { get; private set; } = "";
    public string SecretAccessKey { get; private set; } = "";

    /// <summary>The CI user's keys, every service pointed at this server.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["AWS_REGION"] = MotoServer.Region,
        ["AWS_ENDPOINT_URL"] = Moto.Endpoint.ToString(),
    };

    public async Task InitializeAsync()
    {
        await Moto.InitializeAsync();
        using var iam = new HttpClient(new SigV4SigningHandler(new BasicAWSCredentials("AKIDMOTOTESTING", "moto-fake-secret-key"),
            Amazon.RegionEndpoint.GetBySystemName(MotoServer.Region), "iam", new SocketsHttpHandler()));
        async Task<XDocument> Call(string action, params (string, string)[] parameters)
        {
            var form = new Dictionary<string, string> { ["Action"] = action, ["Version"] = "2010-05-08" };
            foreach (var (name, value) in parameters) form[name] = value;
            using var response = await iam.PostAsync(Moto.Endpoint, new FormUrlEncodedContent(form));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"IAM {action}: {body}");
            return XDocument.Parse(body);
        }
        static string Policy(string action, string resource) =>
            new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = action, ["Resource"] = resource }) }.ToJsonString();
        var trustsCi = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Principal"] = new JsonObject { ["AWS"] = User }, ["Action"] = "sts:AssumeRole" }),
        }.ToJsonString();

        await Call("CreateRole", ("RoleName", "shop-deploy"), ("AssumeRolePolicyDocument", trustsCi));
        await Call("PutRolePolicy", ("RoleName", "shop-deploy"), ("PolicyName", "ecs"), ("PolicyDocument", Policy("ecs:*", "*")));
        await Call("PutRolePolicy", ("RoleName", "shop-deploy"), ("PolicyName", "s3"), ("PolicyDocument", Policy("s3:*", "*")));
        await Call("CreateRole", ("RoleName", "shop-admin"), ("AssumeRolePolicyDocument", trustsCi));
        await Call("CreateUser", ("UserName", "ci"));
        await Call("PutUserPolicy", ("UserName", "ci"), ("PolicyName", "assume-deploy"), ("PolicyDocument", Policy("sts:AssumeRole", DeployRole)));
        var key = await Call("CreateAccessKey", ("UserName", "ci"));
        AccessKeyId = key.Descendants().First(e => e.Name.LocalName == "AccessKeyId").Value;
        SecretAccessKey = key.Descendants().First(e => e.Name.LocalName == "SecretAccessKey").Value;

        using var http = new HttpClient();
        using var reset = await http.PostAsync(new Uri(Moto.Endpoint, "moto-api/reset-auth"), new StringContent("0"));
        Assert.True(reset.IsSuccessStatusCode, "moto did not start enforcing IAM");
    }

    public Task DisposeAsync() => Moto.DisposeAsync();
}
