using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deployer.Config;

/// <summary>The outcome of reading a description: the records, or every error found (never both partially).</summary>
public sealed record LoadResult(DeployDescription? Description, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Description is not null && Errors.Count == 0;

    /// <summary>The description, or an <see cref="InvalidDescriptionException"/> listing every error.</summary>
    public DeployDescription OrThrow() => Succeeded ? Description! : throw new InvalidDescriptionException(Errors);
}

/// <summary>
/// Reads deploy.yml into a validated <see cref="DeployDescription"/> before anything touches the network, with the
/// sections and rules of the modules it is given (<c>ProviderModules.Loader</c> has every module's).
/// </summary>
public sealed class DescriptionLoader(DescriptionSections sections, IReadOnlyList<IDescriptionModule> modules)
{
    /// <summary>Reads and validates a description file.</summary>
    /// <param name="path">Where the file is.</param>
    /// <param name="displayName">The path as the user gave it; used in messages.</param>
    /// <param name="environment">Variables for <c>${VAR}</c> interpolation.</param>
    /// <param name="check">Further rules of the caller (what this version can run), reported like the description's own.</param>
    /// <param name="time">What day it is for expiry dates; the system clock when null.</param>
    public LoadResult LoadFile(string path, string displayName, IReadOnlyDictionary<string, string> environment,
        Func<DeployDescription, IEnumerable<ConfigIssue>>? check = null, TimeProvider? time = null)
    {
        var (text, error) = DescriptionFile.Read(path, displayName);
        return text is null ? new LoadResult(null, [error!]) : Load(displayName, text, environment, check, time);
    }

    /// <summary>Parses and validates description text.</summary>
    public LoadResult Load(string file, string text, IReadOnlyDictionary<string, string> environment,
        Func<DeployDescription, IEnumerable<ConfigIssue>>? check = null, TimeProvider? time = null)
    {
        YamlNode root;
        try
        {
            if (YamlGuard.Check(file, text) is { } unsafeYaml) return new LoadResult(null, [unsafeYaml]);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
                return new LoadResult(null, [new ConfigError(file, 0, 0, "", "the deploy description is empty")]);
            if (stream.Documents.Count > 1)
                return new LoadResult(null, [new ConfigError(file, (int)stream.Documents[1].RootNode.Start.Line, (int)stream.Documents[1].RootNode.Start.Column, "", "only one YAML document is allowed")]);
            root = stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            var message = Trim((e.InnerException?.Message ?? e.Message).Replace(Environment.NewLine, " "));
            var (line, column) = message.Contains("tab", StringComparison.Ordinal) && FirstIndentingTab(text) is { } tab
                ? tab
                : ((int)e.Start.Line, (int)e.Start.Column);
            return new LoadResult(null, [new ConfigError(file, line, column, "", $"invalid YAML: {message}")]);
        }

        var binder = new YamlBinder(file, name => environment.TryGetValue(name, out var value) ? value : null, sections);
        var description = binder.Bind<DeployDescription>(root);
        if (description is null && binder.Errors.Count == 0)
            binder.Report("", "the deploy description holds no mapping (expected 'app', 'environments', …)");
        if (description is not null)
        {
            DescriptionRules.Check(description, binder.Report, modules, time);
            if (check is not null && description.Environments is not null)
                foreach (var issue in check(description)) binder.Report(issue.Path, issue.Message);
        }
        var errors = binder.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray();
        return errors.Length == 0 ? new LoadResult(description, []) : new LoadResult(null, errors);
    }

    // YamlDotNet prefixes positions to its messages; we print our own.
    private static string Trim(string message)
    {
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && index > 0 ? message[(index + 3)..] : message;
    }

    /// <summary>YamlDotNet places a tab in the indentation at the start of the enclosing mapping; the tab is what to fix.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t');
            if (tab >= 0 && tab < indent) return (i + 1, tab + 1);
        }
        return null;
    }
}
