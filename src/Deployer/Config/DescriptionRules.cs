using System.Text.RegularExpressions;
using Deployer.Text;

namespace Deployer.Config;

/// <summary>
/// Rules that span the description: the core keys (environments, promotion, AWS, registry), then each module's rules
/// over its own sections.
/// </summary>
internal static partial class DescriptionRules
{
    public static void Check(DeployDescription d, Action<string, string> report, IReadOnlyList<IDescriptionModule> modules, TimeProvider? time = null)
    {
        // Binding already reported a missing or malformed 'environments'; the rules below need it.
        if (d.Environments is null) return;
        if (d.Environments.Count == 0) report("environments", "at least one environment is required");
        CheckNames(d, report);
        CheckPromotionCycles(d, report);
        foreach (var (name, env) in d.Environments)
            CheckEnvironment(d, name, env, ConfigPath.Key("environments", name), report, modules);
        var check = new DescriptionCheck(d, report, modules, time);
        foreach (var module in modules) module.Check(check);
    }

    private static void CheckEnvironment(DeployDescription d, string name, EnvironmentSpec env, string path, Action<string, string> report,
        IReadOnlyList<IDescriptionModule> modules)
    {
        if (env.PromotesFrom is { } from)
        {
            if (from == name) report($"{path}.promotesFrom", "an environment cannot promote from itself");
            else if (!d.Environments.ContainsKey(from))
                report($"{path}.promotesFrom", $"environment '{from}' is not defined{Suggestion.DidYouMean(from, d.Environments.Keys)}");
        }
        if (env.Aws is { } aws)
        {
            if (aws.Account is { } account && !AccountId().IsMatch(account)) report($"{path}.aws.account", $"'{aws.Account}' is not a 12-digit AWS account id");
            if (aws.Region is { } region && !Region().IsMatch(region)) report($"{path}.aws.region", $"'{aws.Region}' is not an AWS region (e.g. us-east-1)");
            if (aws.Role is { } role && !role.StartsWith("arn:aws", StringComparison.Ordinal))
                report($"{path}.aws.role", $"'{role}' is not an IAM role ARN");
        }
        var registry = env.Registry ?? new RegistrySpec();
        var deploys = modules.Any(m => m.Deploys(env));
        var needsAws = modules.Any(m => m.UsesAws(d, env)) || (registry.Kind == RegistryKind.Ecr && d.Images.Count > 0 && deploys);
        if (needsAws && env.Aws is null)
            report(path, "this environment deploys to AWS (ECS, SAM, Amplify, S3, ECR or RDS) and needs 'aws' (account and region)");
        if (registry.Kind == RegistryKind.Oci && registry.Server is null)
            report($"{path}.registry.server", "'kind: oci' needs the registry 'server'");
    }

    [GeneratedRegex(@"^\d{12}$")] private static partial Regex AccountId();
    [GeneratedRegex(@"^[a-z]{2}(-gov)?-[a-z]+-\d$")] private static partial Regex Region();
}
