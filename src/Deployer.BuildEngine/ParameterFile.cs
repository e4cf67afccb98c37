using System.Text.Json;

namespace Deployer.BuildEngine;

/// <summary>One top-level key of a parameter file, with its line so errors can point at it.</summary>
internal sealed record ParameterFileEntry(string Key, JsonElement Value, string File, int Line)
{
    public string Place => $"{File}:{Line}";
}

/// <summary>Reads <c>.nuke/parameters*.json</c>: one JSON object whose keys are parameter names.</summary>
internal static class ParameterFile
{
    public static IReadOnlyList<ParameterFileEntry> Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var json = bytes.AsMemory(start);
        var entries = new List<ParameterFileEntry>();
        // Utf8JsonReader rather than JsonDocument: it exposes where each key starts, for file:line messages.
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new BuildConfigurationException($"{path}:1: expected a JSON object of parameter names and values.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                var line = LineAt(json.Span, (int)reader.TokenStartIndex);
                reader.Read();
                using var value = JsonDocument.ParseValue(ref reader);
                entries.Add(new ParameterFileEntry(key, value.RootElement.Clone(), path, line));
            }

            if (reader.Read())
                throw new BuildConfigurationException($"{path}:{LineAt(json.Span, (int)reader.TokenStartIndex)}: unexpected content after the JSON object.");
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            throw new BuildConfigurationException($"{path}:{line}: malformed JSON: {FirstSentence(e.Message)}");
        }

        return entries;
    }

    private static int LineAt(ReadOnlySpan<byte> json, int offset) => json[..offset].Count((byte)'\n') + 1;

    // System.Text.Json appends "LineNumber: 2 | BytePositionInLine: 4." which the file:line prefix already says.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
