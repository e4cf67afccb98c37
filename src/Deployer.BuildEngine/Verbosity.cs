namespace Deployer.BuildEngine;

/// <summary>How much the engine writes; errors are always written.</summary>
public enum Verbosity
{
    /// <summary>Errors only.</summary>
    Quiet,

    /// <summary>Errors and the final summary.</summary>
    Minimal,

    /// <summary>Also a header per target and why targets were skipped.</summary>
    Normal,

    /// <summary>Also the execution order and where each parameter value came from.</summary>
    Verbose,
}
