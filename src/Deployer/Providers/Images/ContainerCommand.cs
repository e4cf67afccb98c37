using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>
/// An immutable description of one container-engine invocation: program, arguments, extra environment and optional
/// standard input. Engines only render these; <see cref="ContainerCommandRunner"/> runs them. Credentials never appear
/// in <see cref="Arguments"/>: they travel in an auth file or, when unavoidable, in <see cref="StandardInput"/>.
/// </summary>
public sealed record ContainerCommand(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables added to the inherited environment (e.g. DOCKER_CONFIG); paths only, never secrets.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Text written to the process's standard input and then closed; rendered as <c>[REDACTED]</c>.</summary>
    public Secret? StandardInput { get; init; }

    /// <summary>A shell-like, copy-pasteable form for logs and dry runs; standard input shows as <c>[REDACTED]</c>.</summary>
    public string Display
    {
        get
        {
            var environment = Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={Quote(e.Value)} ");
            var text = string.Concat(environment) + string.Join(' ', Arguments.Prepend(Program).Select(Quote));
            return StandardInput is null ? text : text + " <<< " + Secret.Redacted;
        }
    }

    /// <summary>A copy with the variable set.</summary>
    public ContainerCommand WithEnvironment(string name, string value) =>
        this with { Environment = new Dictionary<string, string>(Environment) { [name] = value } };

    public override string ToString() => Display;

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,+%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
