using Deployer.Providers;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Deployer.Config;
using Deployer.Tests.Support;

namespace Deployer.Tests.Config;

public class DescriptionSchemaTests
{
    [Fact]
    public void The_committed_schema_is_the_one_the_loader_implies()
    {
        var committed = Repository.PathOf(DescriptionSchema.RelativePath);
        var generated = DescriptionSchema.Generate(ProviderModules.Sections);
        if (Environment.GetEnvironmentVariable("DEPLOYER_UPDATE_SCHEMA") == "1") File.WriteAllText(committed, generated);

        Assert.True(File.Exists(committed), $"{DescriptionSchema.RelativePath} is missing; run the tests with DEPLOYER_UPDATE_SCHEMA=1");
        Assert.Equal(generated, File.ReadAllText(committed));
    }

    [Fact]
    public void The_schema_rejects_unknown_keys_and_requires_what_the_loader_requires()
    {
        using var schema = JsonDocument.Parse(DescriptionSchema.Generate(ProviderModules.Sections));
        var service = schema.RootElement.GetProperty("definitions").GetProperty("EcsServiceSpec");

        Assert.False(service.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["name"], service.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["rolling", "blueGreen", "canary", "linear"],
            service.GetProperty("properties").GetProperty("strategy").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Ajv_accepts_every_example_and_rejects_a_description_with_mistakes()
    {
        var node = NodeTools.Require();
        var broken = Path.Combine(Path.GetTempPath(), $"deployer-broken-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(broken, "app: shop\nenvironments:\n  staging:\n    servics: []\n");
        try
        {
            var examples = Repository.Examples();
            Assert.NotEmpty(examples);
            var result = await Cli.Wrap(node)
                .WithArguments(["tools/validate-descriptions.mjs", DescriptionSchema.RelativePath, .. examples, broken])
                .WithWorkingDirectory(Repository.Root)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync();

            foreach (var example in examples)
                Assert.Contains($"ok {example}", result.StandardOutput);
            Assert.Contains($"invalid {broken}: /environments/staging must NOT have additional properties", result.StandardOutput);
            Assert.Equal(1, result.ExitCode);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
