using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Vercel;
using Deployer.Secrets;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>What the module refuses before any change: no token, nothing to deploy; and the token never reaches output.</summary>
public sealed class VercelModuleTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static async Task<(IReadOnlyDictionary<string, string> Problems, SecretValues Secrets)> ProvideAsync(string root, Dictionary<string, string> environment)
    {
        var description = ProviderModules.Loader.Load("deploy.yml", """
            app: shop
            environments:
              staging: { vercel: [{ project: shop-web, directory: web }] }
            """, environment).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("staging", Sha));
        var secrets = new SecretValues();
        var context = new ProviderContext(new ProviderRequest(description, plan, root, false, (_, _) => { }), environment, secrets,
            TimeProvider.System, ProviderOptions.Default, null);
        await new VercelModule().ProvideAsync(context, CancellationToken.None);
        using var set = context.ToSet();
        return (set.Problems, secrets);
    }

    [Fact]
    public async Task I_am_told_to_set_VERCEL_TOKEN_before_anything_is_created()
    {
        var root = Directory.CreateTempSubdirectory("deployer-vercel-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, "web")).FullName, "index.html"), "x");
            var (problems, _) = await ProvideAsync(root, []);
            Assert.Contains("VERCEL_TOKEN", problems[VercelModule.Id]);
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task I_am_told_the_directory_is_empty_and_the_token_is_kept_secret()
    {
        var root = Directory.CreateTempSubdirectory("deployer-vercel-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "web"));
            var (problems, secrets) = await ProvideAsync(root, new() { ["VERCEL_TOKEN"] = "a-long-vercel-token-value" });
            Assert.Contains("environments.staging.vercel[0].directory: ", problems[VercelModule.Id]);
            Assert.Contains("a-long-vercel-token-value", secrets.All);
        }
        finally { Directory.Delete(root, true); }
    }
}
