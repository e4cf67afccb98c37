using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace Deployer.BuildEngine;

/// <summary>Turns command-line words, environment strings and JSON values into a parameter's type.</summary>
internal static class ValueConverter
{
    public static bool Supports(Type type)
    {
        var scalar = ElementType(type) ?? type;
        scalar = Nullable.GetUnderlyingType(scalar) ?? scalar;
        return scalar == typeof(string) || scalar == typeof(bool) || scalar.IsEnum
            || TypeDescriptor.GetConverter(scalar).CanConvertFrom(typeof(string));
    }

    public static bool IsFlag(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(bool);

    public static Type? ElementType(Type type) => type.IsArray ? type.GetElementType() : null;

    /// <summary>Command-line form: a bare bool flag is true; arrays take every word; anything else exactly one.</summary>
    /// <exception cref="FormatException">The message says what was expected, never the value itself (it may be a secret).</exception>
    public static object? FromWords(Type type, IReadOnlyList<string> words)
    {
        if (ElementType(type) is { } element)
        {
            var array = Array.CreateInstance(element, words.Count);
            for (var i = 0; i < words.Count; i++)
                array.SetValue(Scalar(element, words[i]), i);
            return array;
        }

        if (words.Count == 0 && IsFlag(type))
            return true;
        if (words.Count != 1)
            throw new FormatException(words.Count == 0 ? "expected a value" : $"expected one value, got {words.Count}");
        return Scalar(type, words[0]);
    }

    /// <summary>Environment form: arrays are whitespace-separated.</summary>
    public static object? FromText(Type type, string text) =>
        ElementType(type) is null
            ? Scalar(type, text)
            : FromWords(type, text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static object? FromJson(Type type, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Array)
        {
            if (ElementType(type) is null)
                throw new FormatException("expected a single value, got an array");
            return FromWords(type, json.EnumerateArray().Select(JsonText).ToList());
        }

        return FromText(type, JsonText(json));
    }

    private static string JsonText(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => json.GetRawText(),
        _ => throw new FormatException($"expected a string, number or boolean, got {json.ValueKind.ToString().ToLowerInvariant()}"),
    };

    private static object? Scalar(Type type, string text)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
            return text;
        if (target == typeof(bool))
            return bool.TryParse(text, out var flag) ? flag : throw new FormatException("expected true or false");
        if (target.IsEnum)
        {
            var match = Enum.GetNames(target).FirstOrDefault(name => Naming.AreEquivalent(name, text));
            return match is not null
                ? Enum.Parse(target, match)
                : throw new FormatException($"expected one of {string.Join(", ", Enum.GetNames(target))}");
        }

        try
        {
            return TypeDescriptor.GetConverter(target).ConvertFromString(null, CultureInfo.InvariantCulture, text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            throw new FormatException($"expected {Describe(target)}");
        }
    }

    public static string Describe(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (ElementType(target) is { } element)
            return $"a list of {Describe(element)}";
        if (target == typeof(int) || target == typeof(long) || target == typeof(short) || target == typeof(byte))
            return "a whole number";
        if (target == typeof(double) || target == typeof(float) || target == typeof(decimal))
            return "a number";
        if (target == typeof(bool))
            return "true or false";
        if (target.IsEnum)
            return $"one of {string.Join(", ", Enum.GetNames(target))}";
        return target == typeof(string) ? "text" : $"a {target.Name}";
    }
}
