namespace Deployer.BuildEngine;

/// <summary>One <c>--option</c> as written, with the words that followed it.</summary>
internal sealed record CommandLineOption(string Token, IReadOnlyList<string> Values);

/// <summary>
/// The parsed command line. Grammar (NUKE's): target names first, then options; an option takes
/// every following word up to the next option. Engine options are interpreted here; all other
/// options are kept for parameter resolution, which knows the build's parameters.
/// </summary>
internal sealed class CommandLine
{
    private static readonly string[] EngineOptions = ["help", "h", "plan", "skip", "target", "root", "profile", "verbosity"];

    /// <summary>Engine options as shown in help and suggestions.</summary>
    public static readonly string[] EngineOptionNames = ["--help", "--plan", "--skip", "--target", "--root", "--profile", "--verbosity"];

    public List<string> Targets { get; } = [];

    /// <summary>Null when <c>--skip</c> was not given; empty for a bare <c>--skip</c> (skip everything not invoked).</summary>
    public List<string>? Skip { get; private set; }

    public bool Help { get; private set; }
    public bool Plan { get; private set; }
    public string? Root { get; private set; }
    public List<string> Profiles { get; } = [];
    public Verbosity? Verbosity { get; private set; }

    /// <summary>Parameter options by normalized name; the last occurrence wins.</summary>
    public Dictionary<string, CommandLineOption> Parameters { get; } = [];

    public static bool IsEngineOption(string normalizedName) => EngineOptions.Contains(normalizedName);

    public static CommandLine Parse(IReadOnlyList<string> arguments)
    {
        var result = new CommandLine();
        var errors = new List<string>();
        var i = 0;
        for (; i < arguments.Count && !IsOption(arguments[i]); i++)
            result.Targets.AddRange(SplitTargets(arguments[i]));

        while (i < arguments.Count)
        {
            var token = arguments[i++];
            var values = new List<string>();
            for (; i < arguments.Count && !IsOption(arguments[i]); i++)
                values.Add(arguments[i]);
            result.Apply(token, values, errors);
        }

        return errors.Count > 0 ? throw new BuildConfigurationException(errors) : result;
    }

    private void Apply(string token, List<string> values, List<string> errors)
    {
        var name = Naming.Normalize(token.TrimStart('-'));
        switch (name)
        {
            case "help" or "h":
                Help = true;
                break;
            case "plan":
                Plan = true;
                break;
            case "skip":
                Skip = values.SelectMany(SplitTargets).ToList();
                break;
            case "target":
                if (values.Count == 0)
                    errors.Add("Option '--target' needs at least one target name.");
                Targets.Clear();
                Targets.AddRange(values.SelectMany(SplitTargets));
                break;
            case "root":
                if (values.Count != 1)
                    errors.Add("Option '--root' needs exactly one directory.");
                else
                    Root = values[0];
                break;
            case "profile":
                if (values.Count == 0)
                    errors.Add("Option '--profile' needs at least one profile name.");
                Profiles.AddRange(values);
                break;
            case "verbosity":
                if (values.Count == 1 && Enum.GetNames<Verbosity>().FirstOrDefault(v => Naming.AreEquivalent(v, values[0])) is { } level)
                    Verbosity = Enum.Parse<Verbosity>(level);
                else
                    errors.Add("Option '--verbosity' needs one of quiet, minimal, normal, verbose.");
                break;
            case "":
                errors.Add($"'{token}' is not an option name.");
                break;
            default:
                Parameters[name] = new CommandLineOption(token, values);
                break;
        }
    }

    /// <summary>A leading dash starts an option, except in a negative number such as <c>-1</c>.</summary>
    private static bool IsOption(string word) =>
        word.Length > 1 && word[0] == '-' && !char.IsDigit(word[1]) && word[1] != '.';

    private static IEnumerable<string> SplitTargets(string word) =>
        word.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
