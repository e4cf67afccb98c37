using Deployer.Artifacts;
using System.IO.Compression;
using Deployer.Providers.Sam;

namespace Deployer.Tests.Providers.Sam;

/// <summary>Packaging without the SAM CLI: deterministic zips, the properties rewritten, intrinsics kept, capabilities found.</summary>
public sealed class SamPackagingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("deployer-sam-zip-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void The_same_content_zips_to_the_same_bytes_whatever_the_file_times_and_creation_order()
    {
        Write("a/z.py", "z");
        Write("a/lib/b.py", "b");
        var first = DeterministicZip.Create(Path.Combine(_root, "a"));
        Write("b/lib/b.py", "b");
        Write("b/z.py", "z");
        File.SetLastWriteTimeUtc(Path.Combine(_root, "b", "z.py"), new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var second = DeterministicZip.Create(Path.Combine(_root, "b"));

        Assert.Equal(first, second);
        using var zip = new ZipArchive(new MemoryStream(first));
        Assert.Equal(["lib/b.py", "z.py"], zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal((0x8000 | 0b110_100_100) << 16, e.ExternalAttributes));
    }

    [Fact]
    public async Task The_key_of_a_zip_follows_its_entries_names_and_contents_without_zipping()
    {
        Write("a/app.py", "v1");
        Write("b/app.py", "v1");
        Write("c/app.py", "v2");
        Write("d/main.py", "v1");

        var hashes = new List<string>();
        foreach (var folder in new[] { "a", "b", "c", "d" })
            hashes.Add((await DeterministicZip.TreeHashAsync(Path.Combine(_root, folder), CancellationToken.None)).Hash);

        Assert.Equal(hashes[0], hashes[1]);
        Assert.Equal(4 - 1, hashes.Distinct().Count());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_executable_keeps_its_executable_bit()
    {
        var bootstrap = Write("rust/bootstrap", "#!/bin/sh");
        File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var zip = new ZipArchive(new MemoryStream(DeterministicZip.Create(Path.Combine(_root, "rust"))));

        Assert.Equal((0x8000 | 0b111_101_101) << 16, zip.Entries.Single().ExternalAttributes);
    }

    [Fact]
    public async Task Every_property_sam_package_rewrites_points_at_the_content_addressed_key_and_intrinsics_survive()
    {
        Write("fn/app.py", "x");
        Write("layer/python/lib.py", "l");
        Write("openapi.yaml", "openapi: 3.0.0");
        var template = Write("template.yaml", """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                CodeUri: fn/
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Environment:
                    Variables:
                      TABLE: !Ref Table
                      URL: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com"
                      ARN: !GetAtt Table.Arn
              Layer:
                Type: AWS::Serverless::LayerVersion
                Properties: { ContentUri: layer }
              Api:
                Type: AWS::Serverless::Api
                Properties: { StageName: v1, DefinitionUri: openapi.yaml }
              Raw:
                Type: AWS::Lambda::Function
                Properties: { Code: fn, Handler: app.handler, Runtime: python3.12, Role: !GetAtt Role.Arn }
              Rest:
                Type: AWS::ApiGateway::RestApi
                Properties: { BodyS3Location: openapi.yaml }
              Remote:
                Type: AWS::Serverless::Function
                Properties: { CodeUri: s3://elsewhere/code.zip, Handler: a.b, Runtime: python3.12 }
              Table:
                Type: AWS::DynamoDB::Table
            """);

        var packaged = await new SamPackager(null, "bucket").PackageAsync(template, CancellationToken.None);

        Assert.Equal(["Globals.Function.CodeUri", "Resources.Layer.Properties.ContentUri", "Resources.Api.Properties.DefinitionUri",
            "Resources.Raw.Properties.Code", "Resources.Rest.Properties.BodyS3Location"], packaged.Artifacts.Select(a => a.Place));
        var code = packaged.Artifacts[0].Key;
        Assert.Equal(code, packaged.Artifacts[3].Key); // the same folder is the same object
        Assert.EndsWith(".yaml", packaged.Artifacts[2].Key);
        var (rewritten, _) = SamTemplate.Parse(packaged.Body);
        var resources = rewritten!.Resources().ToDictionary(r => r.Id, r => r.Properties!);
        Assert.Equal($"s3://bucket/{code}", SamTemplate.Scalar(SamTemplate.Mapping(SamTemplate.Mapping(rewritten.Root, "Globals")!, "Function")!, "CodeUri"));
        Assert.Equal(code, SamTemplate.Scalar(SamTemplate.Mapping(resources["Raw"], "Code")!, "S3Key"));
        Assert.Equal("bucket", SamTemplate.Scalar(SamTemplate.Mapping(resources["Rest"], "BodyS3Location")!, "Bucket"));
        Assert.Equal("s3://elsewhere/code.zip", SamTemplate.Scalar(resources["Remote"], "CodeUri"));
        Assert.Contains("TABLE: !Ref Table", packaged.Body);
        Assert.Contains("URL: !Sub \"https://${Api}.execute-api.${AWS::Region}.amazonaws.com\"", packaged.Body);
        Assert.Contains("ARN: !GetAtt Table.Arn", packaged.Body);
        Assert.Equal(SamTemplate.Hash(packaged.Body), packaged.Hash);
        Assert.Equal(packaged.Hash, (await new SamPackager(null, "bucket").PackageAsync(template, CancellationToken.None)).Hash);
    }

    [Theory]
    [InlineData("Transform: AWS::Serverless-2016-10-31\nResources: { F: { Type: AWS::Serverless::Function, Properties: { InlineCode: x } } }", "CAPABILITY_AUTO_EXPAND CAPABILITY_IAM")]
    [InlineData("Transform: AWS::Serverless-2016-10-31\nResources: { F: { Type: AWS::Serverless::Function, Properties: { Role: arn:aws:iam::1:role/r } } }", "CAPABILITY_AUTO_EXPAND")]
    [InlineData("Resources: { R: { Type: AWS::IAM::Role, Properties: { RoleName: fixed } } }", "CAPABILITY_NAMED_IAM")]
    [InlineData("Resources: { R: { Type: AWS::IAM::Role } }", "CAPABILITY_IAM")]
    [InlineData("Resources: { B: { Type: AWS::S3::Bucket } }", "")]
    public void The_capabilities_a_template_needs_are_found(string template, string needed)
    {
        Assert.Equal(needed, string.Join(' ', SamTemplateCheck.NeededCapabilities(SamTemplate.Parse(template).Template!)));
    }

    [Theory]
    [InlineData("CREATE_COMPLETE", StackVerdict.Succeeded)]
    [InlineData("UPDATE_COMPLETE", StackVerdict.Succeeded)]
    [InlineData("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", StackVerdict.Wait)]
    [InlineData("UPDATE_ROLLBACK_IN_PROGRESS", StackVerdict.Wait)]
    [InlineData("UPDATE_ROLLBACK_COMPLETE", StackVerdict.RolledBack)]
    [InlineData("ROLLBACK_COMPLETE", StackVerdict.CreateRolledBack)]
    [InlineData("UPDATE_ROLLBACK_FAILED", StackVerdict.RollbackFailed)]
    [InlineData("ROLLBACK_FAILED", StackVerdict.RollbackFailed)]
    [InlineData("DELETE_COMPLETE", StackVerdict.Failed)]
    [InlineData("CREATE_FAILED", StackVerdict.Failed)]
    public void A_stack_status_is_read_as_a_verdict(string status, StackVerdict verdict)
    {
        Assert.Equal(verdict, StackDecision.Evaluate(status));
    }

    [Fact]
    public void Only_a_change_set_without_changes_is_empty()
    {
        Assert.True(StackDecision.IsEmpty("The submitted information didn't contain changes. Submit different information to create a change set."));
        Assert.True(StackDecision.IsEmpty("No updates are to be performed."));
        Assert.False(StackDecision.IsEmpty("Template format error: Unresolved resource dependencies [Nope]"));
        Assert.False(StackDecision.InProgress("REVIEW_IN_PROGRESS"));
    }
}
