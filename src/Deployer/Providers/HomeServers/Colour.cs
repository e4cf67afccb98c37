namespace Deployer.Providers.HomeServers;

/// <summary>The two slots a service alternates between: the new container always takes the colour that is not serving.</summary>
public enum Colour { Blue, Green }

/// <summary>
/// A container this module started, named <c>&lt;service&gt;-&lt;colour&gt;-&lt;stamp&gt;</c>. The stamp sorts by time, so
/// which containers to keep for rollback is decided from names alone, the same way with podman and docker.
/// </summary>
public sealed record ServiceContainer(string Service, Colour Colour, string Stamp)
{
    public string Name => $"{Service}-{Colour.ToString().ToLowerInvariant()}-{Stamp}";

    /// <summary>The container a new release of <paramref name="service"/> starts, given the one serving now (or none).</summary>
    public static ServiceContainer Next(string service, ServiceContainer? live, DateTimeOffset now, string nonce) =>
        new(service, live?.Colour == Colour.Blue ? Colour.Green : Colour.Blue, $"{now.UtcDateTime:yyyyMMddHHmmss}{nonce}");

    /// <summary>A name this module gave <paramref name="service"/>'s container, or null for anything else.</summary>
    public static ServiceContainer? Parse(string service, string name)
    {
        if (!name.StartsWith(service + "-", StringComparison.Ordinal)) return null;
        var rest = name[(service.Length + 1)..].Split('-');
        if (rest.Length != 2 || rest[1].Length == 0 || !Enum.TryParse<Colour>(rest[0], ignoreCase: true, out var colour) || rest[0] != rest[0].ToLowerInvariant()) return null;
        return new ServiceContainer(service, colour, rest[1]);
    }

    public override string ToString() => Name;
}

/// <summary>Which containers of a service go, once a new one serves.</summary>
public static class Retention
{
    /// <summary>
    /// The containers to remove: every one but the live one and the <paramref name="keep"/> newest others (stopped, kept
    /// for rollback). Names that are not this module's are never touched.
    /// </summary>
    public static IReadOnlyList<string> ToRemove(string service, IEnumerable<string> names, string live, int keep) =>
        names.Where(n => n != live)
            .Select(n => ServiceContainer.Parse(service, n))
            .OfType<ServiceContainer>()
            .OrderByDescending(c => c.Stamp, StringComparer.Ordinal)
            .Skip(Math.Max(keep, 0))
            .Select(c => c.Name)
            .ToArray();
}
