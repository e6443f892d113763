using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// Emits one register's value struct: an immutable view over the raw 64-bit value with a typed
/// property per field, With-methods for the fields a write may change, mask/shift constants and a
/// method that applies a guest write (RES0, RES1 and read-only bits). A register with several
/// layouts gets one nested view per layout.
/// </summary>
internal static class RegisterEmitter
{
    public static string Emit(RegisterSpec spec, string @namespace)
    {
        var w = new IndentedWriter();
        Format.Header(w, @namespace);

        w.Summary($"{spec.Name}: {spec.Description}");
        w.Line("/// <remarks>");
        w.Line($"/// AArch64 encoding {spec.Encoding}" + (spec.AArch32 is { } v ? $"; AArch32 {v.Name} ({v})." : "."));
        w.Line($"/// Accessible from EL{spec.MinEl} ({spec.Access})" + (spec.WriteMinEl is int wm && wm > spec.MinEl ? $", writable from EL{wm}." : ".") +
               (spec.Feature is { } f ? $" Requires {f}." : ""));
        w.Line("/// </remarks>");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open($"public readonly partial struct {spec.TypeName} : global::System.IEquatable<{spec.TypeName}>");

        w.Summary("The architecture name of the register.");
        w.Line($"public const string Name = {Format.Str(spec.Name)};");
        w.Line();
        w.Summary("The register in the generated register enum.");
        w.Line($"public const global::{@namespace}.Sysreg Id = global::{@namespace}.Sysreg.{spec.TypeName};");
        w.Line();
        w.Summary("The width of the register in bits.");
        w.Line($"public const int Width = {Format.Int(spec.Width)};");
        w.Line();
        w.Summary("The value after reset: every field's reset value, and RES1 bits set.");
        w.Line($"public const ulong ResetValue = {Format.U64(spec.ResetValue)};");
        w.Line();

        if (spec.Layouts.Count == 1)
        {
            EmitLayoutMembers(w, spec, spec.Layouts[0], spec.TypeName, isView: false, @namespace);
        }
        else
        {
            EmitCommonMembers(w, spec.TypeName);
            EmitMultiLayoutMembers(w, spec);
            foreach (LayoutSpec layout in spec.Layouts)
            {
                w.Line();
                w.Summary($"{spec.Name} read with the {layout.Name} layout, which applies when {Conditions.Describe(layout.When)}.");
                w.Line(Format.GeneratedCodeAttribute);
                w.Open($"public readonly partial struct {layout.Name} : global::System.IEquatable<{layout.Name}>");
                EmitLayoutMembers(w, spec, layout, layout.Name, isView: true, @namespace);
                w.Close();
            }
        }

        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void EmitCommonMembers(IndentedWriter w, string type)
    {
        w.Line($"private {type}(ulong raw) => Raw = raw;");
        w.Line();
        w.Summary("The raw 64-bit value.");
        w.Line("public ulong Raw { get; }");
        w.Line();
        w.Summary("The register as it is after reset.");
        w.Line($"public static {type} Reset => new(ResetValue);");
        w.Line();
        w.Summary("Wraps a raw value as read from the register; no bit is checked or changed.");
        w.Line($"public static {type} FromRaw(ulong raw) => new(raw);");
        w.Line();
    }

    private static void EmitEquality(IndentedWriter w, string type)
    {
        w.Line("/// <inheritdoc/>");
        w.Line($"public bool Equals({type} other) => Raw == other.Raw;");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public override bool Equals(object? obj) => obj is {type} other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override int GetHashCode() => Raw.GetHashCode();");
        w.Line();
        w.Summary("Compares the raw values.");
        w.Line($"public static bool operator ==({type} left, {type} right) => left.Raw == right.Raw;");
        w.Line();
        w.Summary("Compares the raw values.");
        w.Line($"public static bool operator !=({type} left, {type} right) => left.Raw != right.Raw;");
        w.Line();
        w.Summary("The raw value.");
        w.Line($"public static explicit operator ulong({type} value) => value.Raw;");
    }

    private static void EmitMultiLayoutMembers(IndentedWriter w, RegisterSpec spec)
    {
        foreach (LayoutSpec layout in spec.Layouts)
        {
            w.Summary($"The value read with the {layout.Name} layout ({Conditions.Describe(layout.When)}).");
            w.Line($"public {layout.Name} As{layout.Name} => {layout.Name}.FromRaw(Raw);");
            w.Line();
        }

        w.Summary("Whether a layout's condition holds for the effective HCR_EL2.E2H and TGE.");
        w.Line("/// <param name=\"e2h\">The effective HCR_EL2.E2H.</param>");
        w.Line("/// <param name=\"tge\">The effective HCR_EL2.TGE.</param>");
        w.Line("/// <returns>The name of the layout in force, or null when none applies.</returns>");
        w.Open("public static string? LayoutFor(bool e2h, bool tge)");
        foreach (LayoutSpec layout in spec.Layouts)
        {
            w.Line($"if ({Conditions.Expression(layout.When, "e2h", "tge")}) return {Format.Str(layout.Name)};");
        }

        w.Line("return null;");
        w.Close();
        w.Line();

        w.Summary("The value a guest write leaves, with the masks of the layout in force for E2H and TGE.");
        w.Line("/// <param name=\"written\">The value the guest wrote.</param>");
        w.Line("/// <param name=\"e2h\">The effective HCR_EL2.E2H.</param>");
        w.Line("/// <param name=\"tge\">The effective HCR_EL2.TGE.</param>");
        w.Line("/// <returns>The new register value. When no layout applies the register keeps its value.</returns>");
        w.Open($"public {spec.TypeName} ApplyWrite(ulong written, bool e2h, bool tge)");
        foreach (LayoutSpec layout in spec.Layouts)
        {
            w.Line($"if ({Conditions.Expression(layout.When, "e2h", "tge")}) return new(As{layout.Name}.ApplyWrite(written).Raw);");
        }

        w.Line("return this;");
        w.Close();
        w.Line();

        w.Line("/// <inheritdoc/>");
        w.Line($"public override string ToString() => $\"{spec.Name} 0x{{Raw:X16}}\";");
        w.Line();
        EmitEquality(w, spec.TypeName);
    }

    private static void EmitLayoutMembers(IndentedWriter w, RegisterSpec spec, LayoutSpec layout, string type, bool isView, string @namespace)
    {
        ulong aboveWidth = spec.Width == 64 ? 0 : ~((1UL << spec.Width) - 1);
        ulong writable = 0, readOnly = 0;
        foreach (FieldSpec f in layout.Fields)
        {
            if (f.Access == FieldAccess.RO)
            {
                readOnly |= f.Mask;
            }
            else
            {
                writable |= f.Mask;
            }
        }

        if (isView)
        {
            EmitCommonMembers(w, type);
        }

        w.Summary("Bits that are RES0 in this layout (including any above the register's width).");
        w.Line($"public const ulong Res0Mask = {Format.U64(layout.Res0 | aboveWidth)};");
        w.Line();
        w.Summary("Bits that are RES1 in this layout.");
        w.Line($"public const ulong Res1Mask = {Format.U64(layout.Res1)};");
        w.Line();
        w.Summary("Bits a write changes: the RW and WO fields.");
        w.Line($"public const ulong WritableMask = {Format.U64(writable)};");
        w.Line();
        w.Summary("Bits a write leaves unchanged: the RO fields.");
        w.Line($"public const ulong ReadOnlyMask = {Format.U64(readOnly)};");
        w.Line();

        if (!isView)
        {
            EmitCommonMembers(w, type);
        }

        foreach (FieldSpec field in layout.Fields.OrderByDescending(f => f.Msb))
        {
            FieldEmitter.Emit(w, field, type);
        }

        var featureFields = layout.Fields.Where(f => f.Feature is not null).OrderBy(f => f.Feature, System.StringComparer.Ordinal).ToList();

        w.Summary("The value a guest write of a raw value leaves: RES0 bits clear, RES1 bits set, read-only fields unchanged.");
        w.Line("/// <param name=\"written\">The value the guest wrote.</param>");
        w.Line("/// <returns>The new register value.</returns>");
        w.Line($"public {type} ApplyWrite(ulong written) => new((written & WritableMask) | (Raw & ReadOnlyMask) | Res1Mask);");
        w.Line();

        if (featureFields.Count > 0)
        {
            w.Summary("RES0 bits for a CPU with the given features: fields whose feature is missing are RES0 too.");
            w.Line("/// <param name=\"features\">The CPU's features.</param>");
            w.Line("/// <returns>The RES0 mask.</returns>");
            w.Open($"public static ulong Res0For(global::{@namespace}.SysregFeatures features)");
            w.Line("ulong res0 = Res0Mask;");
            foreach (IGrouping<string, FieldSpec> group in featureFields.GroupBy(f => f.Feature!))
            {
                ulong mask = group.Aggregate(0UL, (m, f) => m | f.Mask);
                string member = Names.FeatureMemberName(group.Key);
                w.Line($"if ((features & global::{@namespace}.SysregFeatures.{member}) == 0) res0 |= {Format.U64(mask)}; // {string.Join(", ", group.Select(f => f.Name))}");
            }

            w.Line("return res0;");
            w.Close();
            w.Line();
            w.Summary("The value a guest write leaves on a CPU with the given features.");
            w.Line("/// <param name=\"written\">The value the guest wrote.</param>");
            w.Line("/// <param name=\"features\">The CPU's features.</param>");
            w.Line("/// <returns>The new register value.</returns>");
            w.Line($"public {type} ApplyWrite(ulong written, global::{@namespace}.SysregFeatures features) => new(((written & WritableMask) | (Raw & ReadOnlyMask)) & ~Res0For(features) | Res1Mask);");
            w.Line();
        }

        EmitToString(w, spec, layout);
        w.Line();
        EmitEquality(w, type);

        if (isView)
        {
            w.Line();
            w.Summary($"The register value behind the view.");
            w.Line($"public static implicit operator {spec.TypeName}({type} view) => {spec.TypeName}.FromRaw(view.Raw);");
        }
    }

    private static void EmitToString(IndentedWriter w, RegisterSpec spec, LayoutSpec layout)
    {
        var parts = new List<string>();
        foreach (FieldSpec f in layout.Fields.OrderByDescending(f => f.Msb))
        {
            string valueType = FieldEmitter.ValueType(f, out _);
            string value = valueType switch
            {
                "bool" => $"{{({f.PropertyName} ? 1 : 0)}}",
                _ when f.Enum.Count > 0 => $"{{{f.PropertyName}}}",
                _ when f.IsSigned => $"{{{f.PropertyName}}}",
                _ => $"0x{{{f.PropertyName}:X}}",
            };
            parts.Add($"{f.Name} = {value}");
        }

        string label = layout.Name.Length == 0 ? spec.Name : $"{spec.Name} ({layout.Name})";
        string body = parts.Count == 0 ? "" : " {{ " + string.Join(", ", parts) + " }}";
        w.Line("/// <inheritdoc/>");
        w.Line($"public override string ToString() => $\"{label} 0x{{Raw:X16}}{body}\";");
    }
}
