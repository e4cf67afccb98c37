using YamlDotNet.RepresentationModel;

namespace Deployer.Providers.Sam;

/// <summary>How a packaged artifact is written back: an <c>s3://</c> URI, or a mapping of bucket and key members.</summary>
public enum ArtifactForm { S3Uri, BucketKey }

/// <summary>One local path in a template that packaging replaces with its S3 location.</summary>
/// <param name="Zip">Folders and single code files are zipped; definitions (OpenAPI bodies, state machines) are uploaded as they are.</param>
public sealed record LocalArtifact(string ResourceId, string Property, string LocalPath, bool Zip, ArtifactForm Form, string BucketMember, string KeyMember)
{
    /// <summary>Where the artifact is in the description's words, e.g. <c>Resources.Api.Properties.CodeUri</c>.</summary>
    public string Place => ResourceId == "Globals.Function" ? $"Globals.Function.{Property}" : $"Resources.{ResourceId}.Properties.{Property}";
}

/// <summary>
/// The properties <c>sam package</c> / <c>aws cloudformation package</c> rewrite, and the local paths a template names in
/// them: anything that is a plain string and not already an S3 or HTTP location.
/// </summary>
public static class SamArtifacts
{
    private sealed record Rule(string Type, string Property, bool Zip, ArtifactForm Form, string BucketMember = "", string KeyMember = "");

    private static readonly Rule[] Rules =
    [
        new("AWS::Serverless::Function", "CodeUri", true, ArtifactForm.S3Uri),
        new("AWS::Serverless::LayerVersion", "ContentUri", true, ArtifactForm.S3Uri),
        new("AWS::Serverless::Api", "DefinitionUri", false, ArtifactForm.S3Uri),
        new("AWS::Serverless::HttpApi", "DefinitionUri", false, ArtifactForm.S3Uri),
        new("AWS::Serverless::StateMachine", "DefinitionUri", false, ArtifactForm.S3Uri),
        new("AWS::Lambda::Function", "Code", true, ArtifactForm.BucketKey, "S3Bucket", "S3Key"),
        new("AWS::Lambda::LayerVersion", "Content", true, ArtifactForm.BucketKey, "S3Bucket", "S3Key"),
        new("AWS::ApiGateway::RestApi", "BodyS3Location", false, ArtifactForm.BucketKey, "Bucket", "Key"),
        new("AWS::ApiGatewayV2::Api", "BodyS3Location", false, ArtifactForm.BucketKey, "Bucket", "Key"),
        new("AWS::StepFunctions::StateMachine", "DefinitionS3Location", false, ArtifactForm.BucketKey, "Bucket", "Key"),
        new("AWS::AppSync::GraphQLSchema", "DefinitionS3Location", false, ArtifactForm.S3Uri),
    ];

    /// <summary>The local paths of <paramref name="template"/>, in template order, with Globals.Function.CodeUri first.</summary>
    public static IReadOnlyList<LocalArtifact> Find(SamTemplate template)
    {
        var found = new List<LocalArtifact>();
        if (SamTemplate.Mapping(template.Root, "Globals") is { } globals && SamTemplate.Mapping(globals, "Function") is { } function
            && SamTemplate.Scalar(function, "CodeUri") is { } globalCode && IsLocal(globalCode))
            found.Add(new LocalArtifact("Globals.Function", "CodeUri", globalCode, true, ArtifactForm.S3Uri, "", ""));
        foreach (var (id, type, properties) in template.Resources())
        {
            if (properties is null) continue;
            foreach (var rule in Rules.Where(r => r.Type == type))
                if (SamTemplate.Scalar(properties, rule.Property) is { } path && IsLocal(path))
                    found.Add(new LocalArtifact(id, rule.Property, path, rule.Zip, rule.Form, rule.BucketMember, rule.KeyMember));
        }
        return found;
    }

    /// <summary>Replaces the artifact's local path with its uploaded location.</summary>
    public static void Rewrite(SamTemplate template, LocalArtifact artifact, string bucket, string key)
    {
        var owner = artifact.ResourceId == "Globals.Function"
            ? SamTemplate.Mapping(SamTemplate.Mapping(template.Root, "Globals")!, "Function")!
            : template.Resources().First(r => r.Id == artifact.ResourceId).Properties!;
        owner.Children[new YamlScalarNode(artifact.Property)] = artifact.Form == ArtifactForm.S3Uri
            ? new YamlScalarNode($"s3://{bucket}/{key}")
            : new YamlMappingNode(new YamlScalarNode(artifact.BucketMember), new YamlScalarNode(bucket), new YamlScalarNode(artifact.KeyMember), new YamlScalarNode(key));
    }

    private static bool IsLocal(string value) =>
        value.Length > 0 && !value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
        && !value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
