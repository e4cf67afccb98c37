namespace Deployer.Simulators.Ecs.Listeners;

/// <summary>One request a service's listener answered: which listener, which revision served it, and how.</summary>
/// <param name="Listener">"production" or "test".</param>
public sealed record ServedRequest(string Listener, string Path, string TaskDefinitionArn, string Image, int Status, DateTimeOffset At);

/// <summary>How the tasks of an image answer HTTP requests (see <see cref="EcsFaults.Answer"/>).</summary>
public sealed record AppAnswer(int Status, string? Body = null, TimeSpan Delay = default);
