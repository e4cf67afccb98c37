using System.Text.Json;
using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class SchemaTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public enum Strategy
    {
        Rolling,
        BlueGreen,
    }

    private sealed class SchemaBuild : RecordingBuild
    {
        [Parameter("AWS region")] readonly string AwsRegion = "";
        [Parameter] readonly int Retries = 0;
        [Parameter] readonly bool DryRun = false;
        [Parameter] readonly Strategy DeployStrategy = Strategy.Rolling;
        [Parameter] readonly string[] Services = [];
        [Parameter("Token"), Secret] readonly string ApiToken = "";

        Target Compile => _ => _.Executes(() => Record($"{AwsRegion}{Retries}{DryRun}{DeployStrategy}{Services}{ApiToken}"));
        Target Deploy => _ => _.DependsOn(Compile);
    }

    [Fact]
    public void The_schema_describes_every_parameter_and_the_target_names()
    {
        using var schema = JsonDocument.Parse(BuildSchema.Generate(typeof(SchemaBuild)));
        var root = schema.RootElement;
        var properties = root.GetProperty("properties");

        Assert.Equal("http://json-schema.org/draft-07/schema#", root.GetProperty("$schema").GetString());
        Assert.Equal("string", properties.GetProperty("AwsRegion").GetProperty("type").GetString());
        Assert.Equal("AWS region", properties.GetProperty("AwsRegion").GetProperty("description").GetString());
        Assert.Equal("integer", properties.GetProperty("Retries").GetProperty("type").GetString());
        Assert.Equal("boolean", properties.GetProperty("DryRun").GetProperty("type").GetString());
        Assert.Equal(["Rolling", "BlueGreen"], properties.GetProperty("DeployStrategy").GetProperty("enum").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("array", properties.GetProperty("Services").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("Services").GetProperty("items").GetProperty("type").GetString());
        Assert.True(properties.GetProperty("ApiToken").GetProperty("writeOnly").GetBoolean());
        Assert.Equal("#/definitions/ExecutableTarget", properties.GetProperty("Target").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal("#/definitions/ExecutableTarget", properties.GetProperty("Skip").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal(["Compile", "Deploy"],
            root.GetProperty("definitions").GetProperty("ExecutableTarget").GetProperty("enum").EnumerateArray().Select(x => x.GetString()));
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Running_the_build_writes_the_schema_only_when_its_content_changed()
    {
        var path = Path.Combine(_fixture.NukeDirectory, "build.schema.json");

        _fixture.Run<SchemaBuild>("--help");
        Assert.Equal(BuildSchema.Generate(typeof(SchemaBuild)), File.ReadAllText(path));

        var written = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);
        _fixture.Run<SchemaBuild>("--help");
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));

        File.WriteAllText(path, "{}");
        _fixture.Run<SchemaBuild>("--help");
        Assert.Equal(BuildSchema.Generate(typeof(SchemaBuild)), File.ReadAllText(path));
    }

    [Fact]
    public void A_parameter_file_with_a_schema_key_is_accepted()
    {
        _fixture.WriteParameters("parameters.json", """{ "$schema": "./build.schema.json", "AwsRegion": "eu-west-1" }""");

        Assert.Equal(0, _fixture.Run<SchemaBuild>("Compile").ExitCode);
    }
}
