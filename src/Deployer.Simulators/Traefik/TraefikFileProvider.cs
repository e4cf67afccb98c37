namespace Deployer.Simulators.Traefik;

/// <summary>
/// Traefik's file provider for one file: it watches the file's directory (a writer that renames a temp file over it
/// replaces the directory entry, which a watch on the file itself would miss) and re-reads on each change. Because
/// watcher events may arrive late, <see cref="Current"/> also looks at the file before answering, so a request never
/// sees a config older than the file. It compares the file's text, not its stamp: Linux file times are as coarse as the
/// kernel's tick and a freed inode number may come back, so two quick renames of equal length could share a stamp; the
/// file is small. A file that fails to parse keeps the last good config, as Traefik does, and is counted.
/// </summary>
public sealed class TraefikFileProvider : IDisposable
{
    private readonly string _path;
    private readonly FileSystemWatcher _watcher;
    private readonly Lock _gate = new();
    private TraefikDynamicConfig _config = TraefikDynamicConfig.Empty;
    private string? _text;
    private readonly List<string> _errors = [];
    private int _loads;

    public TraefikFileProvider(string path)
    {
        _path = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"the directory of the Traefik file does not exist: {directory}");
        _watcher = new FileSystemWatcher(directory, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Refresh();
        _watcher.Created += (_, _) => Refresh();
        _watcher.Renamed += (_, _) => Refresh();
        _watcher.Deleted += (_, _) => Refresh();
        _watcher.EnableRaisingEvents = true;
        Refresh();
    }

    /// <summary>The config in force: the file's, re-read first if it changed since it was last read.</summary>
    public TraefikDynamicConfig Current
    {
        get
        {
            Refresh();
            lock (_gate) return _config;
        }
    }

    /// <summary>Configs loaded so far (each good read of a changed text).</summary>
    public int Loads { get { lock (_gate) return _loads; } }

    /// <summary>Why each rejected read failed, in order; the config in force stayed the last good one.</summary>
    public IReadOnlyList<string> Errors { get { lock (_gate) return [.. _errors]; } }

    private void Refresh()
    {
        lock (_gate)
        {
            string text;
            try
            {
                text = File.ReadAllText(_path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Away or unreadable for now: Traefik keeps serving the last config (and a watcher event must not throw).
                return;
            }
            if (text == _text) return;
            _text = text;
            try
            {
                _config = TraefikDynamicConfig.Parse(text);
                _loads++;
            }
            catch (FormatException e)
            {
                _errors.Add(e.Message);
            }
        }
    }

    public void Dispose() => _watcher.Dispose();
}
