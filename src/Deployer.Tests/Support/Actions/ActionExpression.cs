using System.Globalization;
using System.Text;

namespace Deployer.Tests.Support.Actions;

/// <summary>
/// What an expression can read: a value for a dotted context path (<c>inputs.environment</c>,
/// <c>steps.deployer.outputs.exit-code</c>, <c>github.action_path</c>, …) and the job status functions.
/// </summary>
public interface IExpressionContext
{
    /// <summary>The value at <paramref name="path"/> (first segment is the context name), or null when it is absent.</summary>
    object? Lookup(IReadOnlyList<string> path);

    /// <summary>Whether an earlier step failed (for success() and failure()).</summary>
    bool AnyStepFailed { get; }

    /// <summary>Whether the run was cancelled (for cancelled(); success() is then false).</summary>
    bool Cancelled { get; }
}

/// <summary>
/// GitHub Actions expressions as the runner evaluates them, for the subset the composite actions use: literals,
/// context paths, <c>== != &lt; &lt;= &gt; &gt;= &amp;&amp; || !</c>, parentheses and the functions success, failure,
/// always, cancelled, contains, startsWith, endsWith and format. Anything else throws, so an action that starts to
/// use more fails its tests instead of being evaluated wrongly.
/// </summary>
public static class ActionExpression
{
    /// <summary>Evaluates a bare expression (an <c>if:</c> value) or one wrapped in <c>${{ }}</c>.</summary>
    public static object? Evaluate(string expression, IExpressionContext context)
    {
        var text = expression.Trim();
        if (text.StartsWith("${{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal) && text.IndexOf("${{", 3, StringComparison.Ordinal) < 0)
            text = text[3..^2];
        var parser = new Parser(Tokenize(text), context);
        var value = parser.ParseOr();
        parser.ExpectEnd();
        return value;
    }

    /// <summary>Replaces every <c>${{ … }}</c> in <paramref name="text"/> by its value as a string (env:, with:, outputs).</summary>
    public static string Interpolate(string text, IExpressionContext context)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var start = text.IndexOf("${{", position, StringComparison.Ordinal);
            if (start < 0) break;
            var end = text.IndexOf("}}", start + 3, StringComparison.Ordinal);
            if (end < 0) throw new FormatException($"unterminated expression in '{text}'");
            result.Append(text, position, start - position);
            result.Append(ToText(Evaluate(text[(start + 3)..end], context)));
            position = end + 2;
        }
        return result.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Truthiness: false, 0, -0, NaN, '' and null are false.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>A value as it appears when interpolated into a string.</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        string s => s,
        _ => value.ToString() ?? "",
    };

    private enum Kind { String, Number, Identifier, Operator, End }

    private sealed record Token(Kind Kind, string Text);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '\'')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException($"unterminated string in '{text}'");
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'') { value.Append('\''); i += 2; continue; }
                        i++;
                        break;
                    }
                    value.Append(text[i++]);
                }
                tokens.Add(new Token(Kind.String, value.ToString()));
                continue;
            }
            if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(new Token(Kind.Number, text[start..i]));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-')) i++;
                tokens.Add(new Token(Kind.Identifier, text[start..i]));
                continue;
            }
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||") { tokens.Add(new Token(Kind.Operator, two)); i += 2; continue; }
            if (c is '!' or '<' or '>' or '(' or ')' or '.' or ',' or '[' or ']') { tokens.Add(new Token(Kind.Operator, c.ToString())); i++; continue; }
            throw new FormatException($"unexpected '{c}' in expression '{text}'");
        }
        tokens.Add(new Token(Kind.End, ""));
        return tokens;
    }

    private sealed class Parser(List<Token> tokens, IExpressionContext context)
    {
        private int _position;

        private Token Peek => tokens[_position];

        private bool Accept(string op)
        {
            if (Peek.Kind != Kind.Operator || Peek.Text != op) return false;
            _position++;
            return true;
        }

        private void Expect(string op)
        {
            if (!Accept(op)) throw new FormatException($"expected '{op}' but found '{Peek.Text}'");
        }

        public void ExpectEnd()
        {
            if (Peek.Kind != Kind.End) throw new FormatException($"unexpected '{Peek.Text}' after the expression");
        }

        // Like the runner, || and && return one of their operands, not a boolean.
        public object? ParseOr()
        {
            var left = ParseAnd();
            while (Accept("||"))
            {
                var right = ParseAnd();
                left = IsTruthy(left) ? left : right;
            }
            return left;
        }

        private object? ParseAnd()
        {
            var left = ParseComparison();
            while (Accept("&&"))
            {
                var right = ParseComparison();
                left = IsTruthy(left) ? right : left;
            }
            return left;
        }

        private object? ParseComparison()
        {
            var left = ParseUnary();
            while (Peek.Kind == Kind.Operator && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                var op = tokens[_position++].Text;
                var right = ParseUnary();
                left = op switch
                {
                    "==" => LooseEquals(left, right),
                    "!=" => !LooseEquals(left, right),
                    _ => Compare(op, left, right),
                };
            }
            return left;
        }

        private object? ParseUnary() => Accept("!") ? !IsTruthy(ParseUnary()) : ParsePrimary();

        private object? ParsePrimary()
        {
            var token = tokens[_position++];
            switch (token.Kind)
            {
                case Kind.String:
                    return token.Text;
                case Kind.Number:
                    return ParseNumber(token.Text);
                case Kind.Operator when token.Text == "(":
                    var inner = ParseOr();
                    Expect(")");
                    return inner;
                case Kind.Identifier:
                    switch (token.Text)
                    {
                        case "true": return true;
                        case "false": return false;
                        case "null": return null;
                    }
                    if (Accept("(")) return Call(token.Text, Arguments());
                    var path = new List<string> { token.Text };
                    while (true)
                    {
                        if (Accept("."))
                        {
                            var member = tokens[_position++];
                            if (member.Kind != Kind.Identifier) throw new FormatException($"expected a property name after '.', found '{member.Text}'");
                            path.Add(member.Text);
                        }
                        else if (Accept("["))
                        {
                            path.Add(ToText(ParseOr()));
                            Expect("]");
                        }
                        else break;
                    }
                    return context.Lookup(path);
                default:
                    throw new FormatException($"unexpected '{token.Text}'");
            }
        }

        private List<object?> Arguments()
        {
            var arguments = new List<object?>();
            if (Accept(")")) return arguments;
            do arguments.Add(ParseOr()); while (Accept(","));
            Expect(")");
            return arguments;
        }

        private object? Call(string name, List<object?> arguments)
        {
            switch (name.ToLowerInvariant())
            {
                case "success": return !context.AnyStepFailed && !context.Cancelled;
                case "failure": return context.AnyStepFailed;
                case "always": return true;
                case "cancelled": return context.Cancelled;
                case "contains":
                    return ToText(arguments[0]).Contains(ToText(arguments[1]), StringComparison.OrdinalIgnoreCase);
                case "startswith":
                    return ToText(arguments[0]).StartsWith(ToText(arguments[1]), StringComparison.OrdinalIgnoreCase);
                case "endswith":
                    return ToText(arguments[0]).EndsWith(ToText(arguments[1]), StringComparison.OrdinalIgnoreCase);
                case "format":
                    var format = ToText(arguments[0]).Replace("{{", "\u0001").Replace("}}", "\u0002");
                    for (var i = 1; i < arguments.Count; i++) format = format.Replace($"{{{i - 1}}}", ToText(arguments[i]));
                    return format.Replace("\u0001", "{").Replace("\u0002", "}");
                default:
                    throw new NotSupportedException($"function {name}() is not supported by this harness");
            }
        }
    }

    private static double ParseNumber(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? Convert.ToInt64(text[2..], 16)
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    // The runner's coercion: values of different kinds compare as numbers; strings compare ignoring case.
    private static bool LooseEquals(object? left, object? right)
    {
        if (left is null && right is null) return true;
        if (left is string a && right is string b) return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        if (left?.GetType() == right?.GetType() && left is bool) return Equals(left, right);
        return ToNumber(left) == ToNumber(right);
    }

    private static bool Compare(string op, object? left, object? right)
    {
        var order = left is string a && right is string b
            ? string.Compare(a, b, StringComparison.OrdinalIgnoreCase)
            : ToNumber(left).CompareTo(ToNumber(right));
        return op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
    }

    private static double ToNumber(object? value) => value switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        double d => d,
        string s when s.Trim().Length == 0 => 0,
        string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
        _ => double.NaN,
    };
}
