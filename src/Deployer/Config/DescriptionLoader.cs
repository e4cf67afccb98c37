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
    public LoadResult LoadFile(string path, string displayName, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(path))
            return new LoadResult(null, [new ConfigError(displayName, 0, 0, "", "the deploy description does not exist (pass --config PATH)")]);
        return Load(displayName, File.ReadAllText(path), environment);
    }

    /// <summary>Parses and validates description text.</summary>
    public LoadResult Load(string file, string text, IReadOnlyDictionary<string, string> environment)
    {
        YamlNode root;
        try
        {
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
            var message = (e.InnerException?.Message ?? e.Message).Replace(Environment.NewLine, " ");
            return new LoadResult(null, [new ConfigError(file, (int)e.Start.Line, (int)e.Start.Column, "", $"invalid YAML: {Trim(message)}")]);
        }
        catch (ArgumentException e) when (e.Message.Contains("same key"))
        {
            return new LoadResult(null, [new ConfigError(file, 0, 0, "", "invalid YAML: a mapping has the same key twice")]);
        }

        var binder = new YamlBinder(file, name => environment.TryGetValue(name, out var value) ? value : null, sections);
        var description = binder.Bind<DeployDescription>(root);
        if (description is not null)
            DescriptionRules.Check(description, binder.Report, modules);
        var errors = binder.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray();
        return errors.Length == 0 ? new LoadResult(description, []) : new LoadResult(null, errors);
    }

    // YamlDotNet prefixes positions to its messages; we print our own.
    private static string Trim(string message)
    {
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && index > 0 ? message[(index + 3)..] : message;
    }
}
