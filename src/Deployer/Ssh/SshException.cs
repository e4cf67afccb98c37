namespace Deployer.Ssh;

/// <summary>A host that cannot be used as configured (unknown host key, refused key, unreachable): one line naming the host and setting.</summary>
public sealed class SshRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The SSH link dropped while a command ran; what ran on the host before is unknown past this point.</summary>
public sealed class SshLinkLostException(string message, Exception? inner = null) : Exception(message, inner);
