namespace Deployer.Simulators.Ecs;

/// <summary>One request the simulator answered: the operation, the JSON both ways and the HTTP status (200, 400 or 500).</summary>
public sealed record Exchange(string Operation, string RequestJson, string ResponseJson, int StatusCode);
