using System.Diagnostics;

namespace Deployer.Providers.Sam;

/// <summary>
/// What is checked before any change: the template exists, parses, passes cfn-lint (when it is on PATH), its local
/// paths exist, and the description grants the capabilities it needs. Each problem names the stack and the place.
/// </summary>
public static class SamTemplateCheck
{
    private static readonly string[] IamNames = ["RoleName", "UserName", "GroupName", "ManagedPolicyName", "InstanceProfileName"];

    public static async Task<IReadOnlyList<string>> CheckAsync(SamStackSpec stack, string root, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var place = $"sam stack '{stack.Stack}': template {stack.Template}";
        var path = Path.GetFullPath(stack.Template, root);
        if (!File.Exists(path)) return [$"{place} does not exist"];
        var (template, error) = SamTemplate.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        if (template is null) return [$"{place} {error}"];
        var problems = new List<string>();
        // A build command may create the code folders; without one they must be there now.
        if (stack.Build.Count == 0)
            foreach (var artifact in SamArtifacts.Find(template))
                if (!Path.Exists(Path.GetFullPath(artifact.LocalPath, Path.GetDirectoryName(path)!)))
                    problems.Add($"{place}: {artifact.Place} '{artifact.LocalPath}' does not exist");
        var missing = NeededCapabilities(template).Where(c => !Granted(stack.Capabilities, c)).ToArray();
        if (missing.Length > 0)
            problems.Add($"{place} needs {string.Join(" and ", missing)}, which 'capabilities' does not grant");
        if (problems.Count == 0 && Executable("cfn-lint", environment) is { } lint)
            problems.AddRange((await LintAsync(lint, path, environment, cancellationToken)).Select(line => $"{place} fails cfn-lint: {line}"));
        return problems;
    }

    /// <summary>The capabilities CloudFormation will ask for: AUTO_EXPAND for a transform, IAM for IAM resources (SAM creates function roles), NAMED_IAM for named ones.</summary>
    public static IReadOnlyList<string> NeededCapabilities(SamTemplate template)
    {
        var needed = new List<string>();
        var resources = template.Resources().ToArray();
        if (template.HasTransform || resources.Any(r => r.Type == "AWS::Serverless::Application")) needed.Add("CAPABILITY_AUTO_EXPAND");
        var iam = resources.Where(r => r.Type.StartsWith("AWS::IAM::", StringComparison.Ordinal)).ToArray();
        if (iam.Any(r => r.Properties is { } p && IamNames.Any(n => p.Children.ContainsKey(new YamlDotNet.RepresentationModel.YamlScalarNode(n)))))
            needed.Add("CAPABILITY_NAMED_IAM");
        else if (iam.Length > 0 || resources.Any(r => r.Type is "AWS::Serverless::Function" or "AWS::Serverless::StateMachine"
                     && (r.Properties is null || !r.Properties.Children.ContainsKey(new YamlDotNet.RepresentationModel.YamlScalarNode("Role")))))
            needed.Add("CAPABILITY_IAM");
        return needed;
    }

    private static bool Granted(IReadOnlyList<string> granted, string capability) =>
        granted.Contains(capability) || (capability == "CAPABILITY_IAM" && granted.Contains("CAPABILITY_NAMED_IAM"));

    /// <summary>cfn-lint's errors (rules E…), one line each with the template line; warnings are left to the author.</summary>
    public static async Task<IReadOnlyList<string>> LintAsync(string lint, string template, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(lint) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--format", "parseable", "--", template }) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // parseable: file:line:column:endLine:endColumn:rule:message
        var found = lines.Select(l => l.Split(':', 7)).Where(p => p.Length == 7 && p[5].StartsWith('E'))
            .Select(p => $"line {p[1]}: {p[5]} {p[6].Trim()}").ToList();
        if (found.Count == 0 && (process.ExitCode & 2) != 0) found.Add((await errors).Trim() is { Length: > 0 } text ? text : $"exit code {process.ExitCode}");
        return found;
    }

    /// <summary>An executable on the injected PATH.</summary>
    public static string? Executable(string name, IReadOnlyDictionary<string, string> environment) =>
        (environment.GetValueOrDefault("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
}
