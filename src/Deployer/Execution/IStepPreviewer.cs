using Deployer.Planning;

namespace Deployer.Execution;

/// <summary>
/// Shows what a step would change against live state, for the dry run. Implementations get read-only API adapters, so a
/// preview cannot change anything even by mistake.
/// </summary>
public interface IStepPreviewer
{
    bool Previews(Step step);

    /// <summary>Diff lines (<c>-</c> live, <c>+</c> planned, <c>~</c> setting), or one line saying why there is none.</summary>
    Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken);
}
