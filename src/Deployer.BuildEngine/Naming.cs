using System.Text;

namespace Deployer.BuildEngine;

/// <summary>Name conversions shared by the command line, environment, parameter files and target lookup.</summary>
internal static class Naming
{
    /// <summary><c>AwsRegion</c> → <c>aws-region</c>, <c>ECSCluster</c> → <c>ecs-cluster</c>, <c>Ec2Type</c> → <c>ec2-type</c>.</summary>
    public static string ToKebabCase(string name)
    {
        name = name.Trim('_', '-');
        var result = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-')
            {
                AppendDash(result);
                continue;
            }

            if (char.IsUpper(c) && i > 0)
            {
                var previous = name[i - 1];
                var endsAcronym = char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || endsAcronym)
                    AppendDash(result);
            }

            result.Append(char.ToLowerInvariant(c));
        }

        return result.ToString();
    }

    /// <summary>The form names are compared in: case, dashes and underscores do not matter.</summary>
    public static string Normalize(string name)
    {
        var result = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is not ('-' or '_'))
                result.Append(char.ToLowerInvariant(c));
        }

        return result.ToString();
    }

    public static bool AreEquivalent(string a, string b) => Normalize(a) == Normalize(b);

    /// <summary>The candidate closest to <paramref name="input"/>, if it is close enough to be a plausible typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates) =>
        Text.Suggestion.Closest(input, candidates, Normalize);

    private static void AppendDash(StringBuilder builder)
    {
        if (builder.Length > 0 && builder[^1] != '-')
            builder.Append('-');
    }
}
