namespace Deployer.Config;

/// <summary>One mistake in a deploy description, with the place it was made.</summary>
/// <param name="File">The description file as the user named it.</param>
/// <param name="Line">1-based line, 0 when the whole file is concerned.</param>
/// <param name="Column">1-based column, 0 when unknown.</param>
/// <param name="Path">Config path, e.g. <c>environments.production.services[1].image</c>; empty for the document.</param>
/// <param name="Message">What is wrong, in words the user can act on.</param>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString()
    {
        // Keys and values are quoted in paths and messages: escaped, so none can drive the terminal.
        var place = Line > 0 ? $"{ConfigText.Escape(File)}:{Line}:{Column}" : ConfigText.Escape(File);
        return Path.Length > 0 ? $"{place}: {ConfigText.Escape(Path)}: {ConfigText.Escape(Message)}" : $"{place}: {ConfigText.Escape(Message)}";
    }
}

/// <summary>A problem found by a record's own check, relative to that record (<see cref="Path"/> empty or a key of it).</summary>
public sealed record ConfigIssue(string Path, string Message);

/// <summary>A config record that checks rules spanning several of its own keys.</summary>
public interface IValidated
{
    IEnumerable<ConfigIssue> Validate();
}

/// <summary>Thrown when a description cannot be used; carries every mistake found.</summary>
public sealed class InvalidDescriptionException(IReadOnlyList<ConfigError> errors)
    : Exception($"The deploy description has {errors.Count} error(s):" + Environment.NewLine +
                string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
