namespace Deployer.Providers.Migrations;

/// <summary>
/// One Alembic invocation as data: <c>python3 -m alembic -c &lt;ini&gt; &lt;arguments&gt;</c>, run in the project directory.
/// The connection string is never part of it; it travels in the environment variable the project's env.py reads.
/// </summary>
public sealed record AlembicCommand(string Python, string IniFile, string WorkingDirectory, IReadOnlyList<string> Arguments)
{
    /// <summary>Every argument after the program.</summary>
    public IReadOnlyList<string> FullArguments => ["-m", "alembic", "-c", IniFile, .. Arguments];

    /// <summary>The command line, for logs and plans (holds no secret).</summary>
    public override string ToString() => string.Join(' ', new[] { Python }.Concat(FullArguments).Select(Quote));

    private static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./:=@+,".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
