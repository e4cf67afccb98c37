namespace Deployer.Text;

/// <summary>Conversions between C# member names and the spellings users type.</summary>
public static class Naming
{
    /// <summary>PascalCase to camelCase: <c>PromotesFrom</c> → <c>promotesFrom</c>, <c>S3Bucket</c> → <c>s3Bucket</c>.</summary>
    public static string CamelCase(string name) =>
        name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>PascalCase to kebab-case: <c>PreviousTaskDefinition</c> → <c>previous-task-definition</c>, <c>SnapshotArn</c> → <c>snapshot-arn</c>.</summary>
    public static string KebabCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                builder.Append('-');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
