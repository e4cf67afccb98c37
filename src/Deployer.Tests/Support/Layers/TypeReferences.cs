using System.Reflection;
using System.Reflection.Emit;

namespace Deployer.Tests.Support.Layers;

/// <summary>
/// The types a compiled type uses: its signatures (base, interfaces, fields, properties, parameters, returns) and every
/// type or member token in its method bodies' IL. Compiler-generated nested types (lambdas, async state machines) count
/// for the type that declares them, so a dependency hidden in a lambda is still seen.
/// </summary>
public static class TypeReferences
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                            BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every type <paramref name="type"/> and its nested types name, generic arguments and element types unwrapped.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var argument in t.GetGenericArguments()) Add(argument);
                t = t.GetGenericTypeDefinition();
            }
            found.Add(t);
        }

        foreach (var declared in WithNested(type))
        {
            Add(declared.BaseType);
            foreach (var i in declared.GetInterfaces()) Add(i);
            foreach (var field in declared.GetFields(Everything)) Add(field.FieldType);
            foreach (var property in declared.GetProperties(Everything)) Add(property.PropertyType);
            foreach (var method in declared.GetMethods(Everything).Cast<MethodBase>().Concat(declared.GetConstructors(Everything)))
            {
                if (method is MethodInfo info) Add(info.ReturnType);
                foreach (var parameter in method.GetParameters()) Add(parameter.ParameterType);
                foreach (var used in BodyReferences(method)) Add(used);
            }
        }
        return found;
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(Everything).SelectMany(WithNested));

    /// <summary>The types named by tokens in <paramref name="method"/>'s IL (calls, fields, casts, allocations, ldtoken).</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            var value = (short)il[position++];
            if (value == 0xFE) value = (short)(0xFE00 | il[position++]);
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: position += 1; break;
                case OperandType.InlineVar: position += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: position += 8; break;
                case OperandType.InlineSwitch: position += 4 + 4 * BitConverter.ToInt32(il, position); break;
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, position);
                    position += 4;
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(token, typeArguments, methodArguments); }
                    catch (ArgumentException) { }
                    catch (TypeLoadException) { }
                    catch (FileNotFoundException) { }
                    if (member is Type t) yield return t;
                    else if (member?.DeclaringType is { } owner)
                    {
                        yield return owner;
                        if (member is FieldInfo f) yield return f.FieldType;
                        if (member is MethodInfo m) yield return m.ReturnType;
                    }
                    break;
                default: position += 4; break;
            }
        }
    }
}
