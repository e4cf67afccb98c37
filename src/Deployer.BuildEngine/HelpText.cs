using System.Text;

namespace Deployer.BuildEngine;

/// <summary>Renders <c>--help</c>: targets with direct dependencies and descriptions, then parameters, then engine options.</summary>
internal static class HelpText
{
    private static readonly (string Option, string Description)[] EngineOptions =
    [
        ("--target <names>", "Targets to run (also positional; combine with '+')."),
        ("--skip [names]", "Skip the given targets; without names, skip every target that was not invoked."),
        ("--plan", "Write the target graph to .nuke/temp/plan.html and run nothing."),
        ("--profile <name>", "Also load .nuke/parameters.<name>.json (repeatable; later wins)."),
        ("--root <dir>", "Root directory (default: the nearest parent holding .nuke/)."),
        ("--verbosity <level>", "Quiet, Minimal, Normal or Verbose."),
        ("--help, -h", "Show this help."),
    ];

    public static string Render(BuildModel model, IReadOnlyCollection<ExecutableTarget> defaults)
    {
        var text = new StringBuilder();
        text.AppendLine("Usage: build [targets] [--parameter value ...]");
        text.AppendLine();
        text.AppendLine("Targets (with their direct dependencies):");
        text.AppendLine();

        var targets = model.Targets.Where(t => t.IsListed).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .Select(t => (
                Name: defaults.Contains(t) ? $"{t.Name} (default)" : t.Name,
                Dependencies: t.Dependencies.Count == 0 ? "" : "-> " + string.Join(", ", t.Dependencies.Select(d => d.Name)),
                t.Description))
            .ToList();
        var nameWidth = targets.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 2;
        var dependencyWidth = targets.Select(t => t.Dependencies.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var (name, dependencies, description) in targets)
            text.AppendLine($"  {name.PadRight(nameWidth)}{dependencies.PadRight(dependencyWidth)}{description}".TrimEnd());

        var parameters = model.Parameters
            .Select(p => (Option: p.IsSecret ? $"{p.Option} (secret)" : p.Option, Description: Describe(p)))
            .ToList();
        var optionWidth = parameters.Select(p => p.Option.Length).Concat(EngineOptions.Select(o => o.Option.Length)).Max() + 2;
        if (parameters.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Parameters:");
            text.AppendLine();
            foreach (var (option, description) in parameters.OrderBy(p => p.Option, StringComparer.Ordinal))
                text.AppendLine($"  {option.PadRight(optionWidth)}{description}".TrimEnd());
        }

        text.AppendLine();
        text.AppendLine("Options:");
        text.AppendLine();
        foreach (var (option, description) in EngineOptions)
            text.AppendLine($"  {option.PadRight(optionWidth)}{description}");
        return text.ToString().TrimEnd();
    }

    private static string Describe(BuildParameter parameter)
    {
        var type = ValueConverter.Describe(parameter.Type);
        var hint = type == "text" ? "" : $" <{type}>";
        return (parameter.Description ?? "") + hint;
    }
}
