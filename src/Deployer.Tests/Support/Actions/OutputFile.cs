namespace Deployer.Tests.Support.Actions;

/// <summary>The file command format of $GITHUB_OUTPUT and $GITHUB_ENV: <c>name=value</c> lines and <c>name&lt;&lt;DELIMITER</c> blocks.</summary>
public static class OutputFile
{
    public static Dictionary<string, string> Parse(string file)
    {
        var values = new Dictionary<string, string>();
        var lines = File.ReadAllText(file).Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var equals = line.IndexOf('=');
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                var body = new List<string>();
                for (i++; i < lines.Length && lines[i] != delimiter; i++) body.Add(lines[i]);
                if (i >= lines.Length) throw new FormatException($"{file}: no closing delimiter {delimiter} for {name}");
                values[name] = string.Join('\n', body);
            }
            else if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
            else
            {
                throw new FormatException($"{file}: invalid line '{line}'");
            }
        }
        return values;
    }
}
