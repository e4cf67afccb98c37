namespace Deployer.Releases;

/// <summary>The ledger could not be read or written (bad token, unknown repository, rate limit, unreadable file). The message never holds a secret.</summary>
public sealed class ReleaseLedgerException(string message, Exception? inner = null) : Exception(message, inner);
