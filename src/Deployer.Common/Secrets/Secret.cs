namespace Deployer.Secrets;

/// <summary>
/// A secret value. It prints as <c>[REDACTED]</c> everywhere (ToString, string interpolation, JSON of records holding it);
/// only <see cref="Reveal"/> gives the value, at the one place that must hand it to a process or an API.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    public const string Redacted = "[REDACTED]";
    private readonly string _value;

    public Secret(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    public string Reveal() => _value;

    public bool IsEmpty => _value.Length == 0;

    public override string ToString() => Redacted;

    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Secret other && Equals(other);

    public override int GetHashCode() => _value.GetHashCode(StringComparison.Ordinal);
}
