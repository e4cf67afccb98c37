namespace Deployer.Text;

/// <summary>Conversions between C# member names and the spellings users type.</summary>
public static class Naming
{
    /// <summary>PascalCase to camelCase: <c>PromotesFrom</c> → <c>promotesFrom</c>, <c>S3Bucket</c> → <c>s3Bucket</c>.</summary>
    public static string CamelCase(string name) =>
        name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
