namespace Deployer.Runs;

/// <summary>Asks on the process's terminal: the question on <paramref name="output"/>, the answer read from <paramref name="input"/>.</summary>
public sealed class TerminalPrompt(TextReader input, TextWriter output) : IApprovalPrompt
{
    /// <inheritdoc />
    public async Task<bool> ConfirmAsync(string question, CancellationToken cancellationToken)
    {
        await output.WriteAsync(question);
        await output.FlushAsync(cancellationToken);
        var answer = await input.ReadLineAsync(cancellationToken);
        return string.Equals(answer?.Trim(), "yes", StringComparison.OrdinalIgnoreCase)
            || string.Equals(answer?.Trim(), "y", StringComparison.OrdinalIgnoreCase);
    }
}
