using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deployer.Aws;

/// <summary>
/// JSON as the awsJson1_1 services speak it: camelCase members (ECS, ECR), no nulls sent, and timestamps as epoch
/// seconds with a fraction.
/// </summary>
public static class AwsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new EpochSecondsConverter() },
    };
}

/// <summary>Epoch seconds (a JSON number, possibly fractional) ⇄ <see cref="DateTimeOffset"/> in UTC.</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000, MidpointRounding.AwayFromZero));
        // Some emulators answer with ISO 8601 strings; accept them rather than fail a deploy on a format detail.
        if (reader.TokenType == JsonTokenType.String &&
            DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed.ToUniversalTime();
        throw new JsonException($"Expected a timestamp in epoch seconds, got {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value.ToUnixTimeMilliseconds() / 1000.0, 3));
}
