using System.Text.Json;

namespace Deployer.BuildEngine;

/// <summary>A parameter's final value and where it came from.</summary>
internal sealed record ResolvedValue(object? Value, string Source);

/// <summary>The outcome of <see cref="ParameterResolver.Resolve"/>; errors are collected, not thrown.</summary>
internal sealed class ParameterResolution
{
    public Dictionary<BuildParameter, ResolvedValue> Values { get; } = [];
    public List<string> Errors { get; } = [];
    public Verbosity? Verbosity { get; set; }
    public List<string>? Targets { get; set; }
    public List<string>? Skip { get; set; }
}

/// <summary>
/// Applies NUKE's precedence: command line &gt; environment &gt; profile files (later wins) &gt;
/// <c>parameters.json</c> &gt; the member's initializer.
/// </summary>
internal static class ParameterResolver
{
    private sealed record Raw(string Source, string? Text, Func<Type, object?> Convert);

    public static ParameterResolution Resolve(
        IReadOnlyList<BuildParameter> parameters, CommandLine commandLine,
        IReadOnlyDictionary<string, string> environment, string nukeDirectory)
    {
        var result = new ParameterResolution();
        var raw = new Dictionary<BuildParameter, Raw>();

        foreach (var file in ParameterFiles(commandLine.Profiles, nukeDirectory, result.Errors))
            ReadFile(file, parameters, raw, result);

        // Plain names first so the more specific NUKE_ prefix wins when both are set.
        foreach (var (name, value) in environment.OrderBy(x => x.Key.StartsWith("NUKE_", StringComparison.OrdinalIgnoreCase)))
        {
            // GitHub Actions passes unset inputs as empty strings; they must not override a file value.
            if (value.Length == 0)
                continue;
            var key = name.StartsWith("NUKE_", StringComparison.OrdinalIgnoreCase) ? name[5..] : name;
            if (parameters.FirstOrDefault(p => p.Normalized == Naming.Normalize(key)) is { } parameter)
                raw[parameter] = new Raw($"environment variable {name}", value, type => ValueConverter.FromText(type, value));
        }

        foreach (var (name, option) in commandLine.Parameters)
        {
            if (parameters.FirstOrDefault(p => p.Normalized == name) is { } parameter)
            {
                raw[parameter] = new Raw($"command line {option.Token}", string.Join(' ', option.Values),
                    type => ValueConverter.FromWords(type, option.Values));
            }
            else
            {
                result.Errors.Add(Unknown($"Unknown parameter '{option.Token}'", option.Token, parameters));
            }
        }

        foreach (var (parameter, value) in raw)
        {
            try
            {
                result.Values[parameter] = new ResolvedValue(value.Convert(parameter.Type), value.Source);
            }
            catch (FormatException e)
            {
                var shown = parameter.IsSecret || value.Text is null ? "" : $" (got '{value.Text}')";
                result.Errors.Add($"Parameter '{parameter.Option}' from {value.Source}: {e.Message}{shown}.");
            }
        }

        return result;
    }

    private static IEnumerable<string> ParameterFiles(IReadOnlyList<string> profiles, string nukeDirectory, List<string> errors)
    {
        var defaults = Path.Combine(nukeDirectory, "parameters.json");
        if (File.Exists(defaults))
            yield return defaults;
        foreach (var profile in profiles)
        {
            var path = Path.Combine(nukeDirectory, $"parameters.{profile}.json");
            if (File.Exists(path))
                yield return path;
            else
                errors.Add($"Profile '{profile}' not found: {path} does not exist.");
        }
    }

    private static void ReadFile(string path, IReadOnlyList<BuildParameter> parameters, Dictionary<BuildParameter, Raw> raw, ParameterResolution result)
    {
        IReadOnlyList<ParameterFileEntry> entries;
        try
        {
            entries = ParameterFile.Load(path);
        }
        catch (BuildConfigurationException e)
        {
            result.Errors.AddRange(e.Errors);
            return;
        }

        foreach (var entry in entries)
        {
            switch (Naming.Normalize(entry.Key))
            {
                case "$schema":
                    continue;
                case "target":
                    result.Targets = EngineList(entry, result.Errors) ?? result.Targets;
                    continue;
                case "skip":
                    result.Skip = EngineList(entry, result.Errors) ?? result.Skip;
                    continue;
                case "verbosity":
                    try
                    {
                        result.Verbosity = (Verbosity)ValueConverter.FromJson(typeof(Verbosity), entry.Value)!;
                    }
                    catch (FormatException e)
                    {
                        result.Errors.Add($"{entry.Place}: Verbosity: {e.Message}.");
                    }

                    continue;
            }

            if (parameters.FirstOrDefault(p => p.AnswersTo(entry.Key)) is { } parameter)
            {
                if (entry.Value.ValueKind != JsonValueKind.Null)
                    raw[parameter] = new Raw(entry.Place, null, type => ValueConverter.FromJson(type, entry.Value));
            }
            else
            {
                result.Errors.Add(Unknown($"{entry.Place}: Unknown parameter '{entry.Key}'", entry.Key, parameters, p => p.Name));
            }
        }
    }

    private static List<string>? EngineList(ParameterFileEntry entry, List<string> errors)
    {
        try
        {
            return ((string[])ValueConverter.FromJson(typeof(string[]), entry.Value)!)
                .SelectMany(x => x.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
        }
        catch (FormatException e)
        {
            errors.Add($"{entry.Place}: {entry.Key}: {e.Message}.");
            return null;
        }
    }

    private static string Unknown(string message, string input, IReadOnlyList<BuildParameter> parameters, Func<BuildParameter, string>? display = null)
    {
        var candidates = display is null
            ? parameters.Select(p => p.Option).Concat(CommandLine.EngineOptionNames)
            : parameters.Select(display);
        var suggestion = Naming.Closest(input.TrimStart('-'), candidates);
        return suggestion is null ? message + "." : $"{message}; did you mean '{suggestion}'?";
    }
}
