using System.Security.Cryptography;
using System.Text;
using Deployer.Providers.Images;
using Deployer.Secrets;
using Deployer.Tests.Support;
using Xunit.Abstractions;
using static Deployer.Tests.Secrets.SecretSamples;

namespace Deployer.Tests.Providers.Images;

/// <summary>A build argument holding a secret never reaches the engine's command line: it becomes a build secret in a 0600 file.</summary>
public sealed class BuildSecretsTests(ITestOutputHelper output)
{
    [Fact]
    public void A_build_arg_holding_a_known_secret_becomes_a_build_secret_and_the_others_stay_build_args()
    {
        var secrets = new SecretValues();
        secrets.Add(Awkward);
        var args = new Dictionary<string, string> { ["NPM_TOKEN"] = Awkward, ["NPMRC"] = $"//registry/:_authToken={Awkward}", ["NODE_VERSION"] = "22" };

        var (plain, hidden) = BuildSecrets.Split(args, secrets);

        Assert.Equal(new Dictionary<string, string> { ["NODE_VERSION"] = "22" }, plain);
        Assert.Equal(["NPM_TOKEN", "NPMRC"], hidden.Keys.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(Awkward, hidden["NPM_TOKEN"].Reveal());
        Assert.Equal(args, BuildSecrets.Split(args, null).BuildArgs);
    }

    [Fact]
    public void A_build_secret_is_rendered_as_a_file_and_a_request_without_its_file_is_refused()
    {
        var engine = new BuildahEngine();
        var request = new ImageBuildRequest("/src/app") { Tags = ["app:1"], Secrets = new Dictionary<string, Secret> { ["NPM_TOKEN"] = new(Awkward) } };

        var command = engine.Build(request with { SecretFiles = new Dictionary<string, string> { ["NPM_TOKEN"] = "/run/secrets-dir/secret-0" } });

        Assert.Equal(["build", "--secret", "id=NPM_TOKEN,src=/run/secrets-dir/secret-0", "--tag", "app:1", "/src/app"], command.Arguments);
        Assert.DoesNotContain(Awkward, command.Display);
        Assert.Throws<ArgumentException>(() => engine.Build(request));
    }

    [Fact]
    public async Task A_real_build_reads_the_secret_through_RUN_mount_and_no_command_line_or_file_keeps_it()
    {
        using var sandbox = new ImageSandbox("buildah", output);
        var context = sandbox.BusyboxContext();
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Awkward)));
        // The build fails unless the mounted secret is exactly the value.
        File.AppendAllText(Path.Combine(context, "Dockerfile"),
            $"\nRUN --mount=type=secret,id=NPM_TOKEN test \"$(sha256sum /run/secrets/NPM_TOKEN | cut -c1-64)\" = \"{digest}\"\n");
        var request = new ImageBuildRequest(context)
        {
            Tags = ["localhost/secret-build:1"],
            Secrets = new Dictionary<string, Secret> { ["NPM_TOKEN"] = new(Awkward) },
        };

        await sandbox.Publisher.BuildAsync(request, CancellationToken.None);

        var commands = sandbox.Lines.Where(l => l.StartsWith("$ ", StringComparison.Ordinal)).ToArray();
        Assert.Contains(commands, c => c.Contains("--secret id=NPM_TOKEN,src=", StringComparison.Ordinal));
        AssertNoneIn("engine output", string.Join("\n", sandbox.Lines));
        Assert.Empty(Directory.GetDirectories(sandbox.Directory, "deployer-build-secrets-*"));
    }
}
