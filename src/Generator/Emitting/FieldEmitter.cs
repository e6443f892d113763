using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// Emits one field's members in a register struct: constants for its position, an enum of its named
/// values, a typed property (sign-extended when signed) and, unless read-only, a range-checked
/// <c>With…</c> method.
/// </summary>
internal static class FieldEmitter
{
    /// <summary>The field's shift/width/mask constants, its value enum, its property and, if writable, its <c>With</c> method.</summary>
    public static void Emit(IndentedWriter w, FieldSpec field, string type)
    {
        string p = field.PropertyName;
        string doc = $"{field.Name}, {Format.Bits(field.Msb, field.Lsb)} ({field.Access})" +
                     (field.Description.Length > 0 ? ": " + field.Description : ".");
        w.Line($"/// <summary>The lowest bit of {field.Name}.</summary>");
        w.Line($"public const int {p}Shift = {Format.Int(field.Lsb)};");
        w.Line($"/// <summary>The number of bits of {field.Name}.</summary>");
        w.Line($"public const int {p}Width = {Format.Int(field.Width)};");
        w.Line($"/// <summary>The bits of {field.Name} in place.</summary>");
        w.Line($"public const ulong {p}Mask = {Format.U64(field.Mask)};");
        w.Line();

        string valueType = ValueType(field, out string storage);
        if (field.Enum.Count > 0)
        {
            w.Summary(field.IsSigned
                ? $"The named values of {field.Name}, a signed field: each is the field's bit pattern (two's complement)."
                : $"The named values of {field.Name}.");
            w.Open($"public enum {p}Value : {storage}");
            foreach (EnumValueSpec v in field.Enum.OrderBy(v => v.Value))
            {
                w.Summary($"{field.Name} = {v.Value}.");
                w.Line($"{v.Name} = {v.Value},");
            }

            w.Close();
            w.Line();
        }

        w.Summary(doc);
        w.Line($"public {valueType} {p} => {Getter(field, valueType)};");
        w.Line();

        if (field.Access == FieldAccess.RO)
        {
            return;
        }

        w.Line($"/// <summary>A copy with {field.Name} set to <paramref name=\"value\"/>.</summary>");
        w.Line("/// <param name=\"value\">The new field value.</param>");
        w.Line("/// <returns>The new register value.</returns>");
        if (valueType == "bool")
        {
            w.Line($"public {type} With{p}(bool value) => new(value ? Raw | {p}Mask : Raw & ~{p}Mask);");
            w.Line();
            return;
        }

        string check = RangeCheck(field, valueType);
        if (check.Length == 0)
        {
            w.Line($"public {type} With{p}({valueType} value) => new((Raw & ~{p}Mask) | (((ulong){Widen(field)} << {p}Shift) & {p}Mask));");
        }
        else
        {
            w.Line($"/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value does not fit in {field.Width} bits.</exception>");
            w.Open($"public {type} With{p}({valueType} value)");
            w.Line(check);
            w.Line($"return new((Raw & ~{p}Mask) | (((ulong){Widen(field)} << {p}Shift) & {p}Mask));");
            w.Close();
        }

        w.Line();
    }

    /// <summary>The property's type: bool for one unsigned bit, the enum, or the smallest integer that holds the field.</summary>
    public static string ValueType(FieldSpec field, out string storage)
    {
        int width = field.Width;
        string unsigned = width <= 8 ? "byte" : width <= 16 ? "ushort" : width <= 32 ? "uint" : "ulong";
        string signed = width <= 8 ? "sbyte" : width <= 16 ? "short" : width <= 32 ? "int" : "long";
        storage = unsigned;
        if (field.Enum.Count > 0)
        {
            return field.PropertyName + "Value";
        }

        if (width == 1 && !field.IsSigned)
        {
            return "bool";
        }

        return field.IsSigned ? signed : unsigned;
    }

    private static int TypeBits(string valueType) => valueType switch
    {
        "byte" or "sbyte" => 8,
        "ushort" or "short" => 16,
        "uint" or "int" => 32,
        _ => 64,
    };

    private static string Getter(FieldSpec field, string valueType)
    {
        string p = field.PropertyName;
        if (valueType == "bool")
        {
            return $"(Raw & {p}Mask) != 0";
        }

        if (IsSignedNumber(field))
        {
            // Move the field's top bit to bit 63, then shift back arithmetically to sign-extend.
            int up = 63 - field.Msb;
            int down = 64 - field.Width;
            return $"({valueType})((long)(Raw << {up}) >> {down})";
        }

        return $"({valueType})((Raw & {p}Mask) >> {p}Shift)";
    }

    private static string Widen(FieldSpec field) =>
        IsSignedNumber(field) ? "(long)value" : "value";

    /// <summary>
    /// A signed field without named values. A signed enum (Linux's SignedEnum) is read and written
    /// as its enum, whose values are the field's bit patterns, like any other enum.
    /// </summary>
    private static bool IsSignedNumber(FieldSpec field) => field.IsSigned && field.Enum.Count == 0;

    private static string RangeCheck(FieldSpec field, string valueType)
    {
        if (field.Enum.Count == 0 && TypeBits(valueType) == field.Width)
        {
            return "";
        }

        string p = field.PropertyName;
        if (IsSignedNumber(field))
        {
            long min = -(1L << (field.Width - 1));
            long max = (1L << (field.Width - 1)) - 1;
            return $"if (value < {min} || value > {max}) throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"{field.Name} is a {field.Width}-bit signed field.\");";
        }

        ulong maxValue = field.Width >= 64 ? ulong.MaxValue : (1UL << field.Width) - 1;
        return $"if ((ulong)value > {Format.U64(maxValue)}) throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"{field.Name} is a {field.Width}-bit field.\");";
    }
}
