using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// Emits one register's value struct: an immutable view over the raw 64-bit value with a typed
/// property per field, With-methods for the fields a write may change, mask/shift constants and a
/// method that applies a guest write (RES0, RES1 and read-only bits). A register with several
/// layouts gets one nested view per layout, except that a layout shared with other registers is
/// viewed as the shared layout's own type (<see cref="SharedLayoutEmitter"/>), which the register
/// converts to and from.
/// </summary>
internal static class RegisterEmitter
{
    public static string Emit(RegisterSpec spec, string @namespace)
    {
        var w = IndentedWriter.Rent();
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
            LayoutSpec layout = spec.Layouts[0];
            EmitLayoutMembers(w, new LayoutOwner(spec.Name, spec.Width, null), layout, spec.TypeName, isView: false, @namespace);
            if (layout.SharedTypeName is { } shared)
            {
                EmitSharedConversions(w, spec, layout, $"global::{@namespace}.{shared}");
            }
        }
        else
        {
            EmitCommonMembers(w, spec.TypeName);
            EmitMultiLayoutMembers(w, spec, @namespace);
            foreach (LayoutSpec layout in spec.Layouts.Where(l => l.SharedTypeName is null))
            {
                w.Line();
                w.Summary($"{spec.Name} read with the {layout.Name} layout, which applies when {Conditions.Describe(layout.When)}.");
                w.Line(Format.GeneratedCodeAttribute);
                w.Open($"public readonly partial struct {layout.Name} : global::System.IEquatable<{layout.Name}>");
                EmitLayoutMembers(w, new LayoutOwner(spec.Name, spec.Width, spec.TypeName), layout, layout.Name, isView: true, @namespace);
                w.Close();
            }
        }

        w.Close();
        w.Close();
        return w.ToStringAndReturn();
    }

    /// <summary>A register whose one layout is shared: its value as the shared type, and back.</summary>
    private static void EmitSharedConversions(IndentedWriter w, RegisterSpec spec, LayoutSpec layout, string shared)
    {
        w.Line();
        w.Summary($"The value as the {layout.Shared} layout, the type every register with that layout shares.");
        w.Line($"public {shared} As{layout.SharedTypeName} => {shared}.FromRaw(Raw);");
        w.Line();
        w.Summary($"The value as the {layout.Shared} layout.");
        w.Line($"public static implicit operator {shared}({spec.TypeName} value) => {shared}.FromRaw(value.Raw);");
        w.Line();
        w.Summary($"A value of the {layout.Shared} layout as {spec.Name}'s; no bit is checked or changed.");
        w.Line($"public static implicit operator {spec.TypeName}({shared} fields) => new(fields.Raw);");
    }

    /// <summary>The view type of a layout: the shared layout's type, or the nested struct named after the layout.</summary>
    private static string ViewType(LayoutSpec layout, string @namespace) =>
        layout.SharedTypeName is { } shared ? $"global::{@namespace}.{shared}" : layout.Name;

    internal static void EmitCommonMembers(IndentedWriter w, string type)
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

    private static void EmitMultiLayoutMembers(IndentedWriter w, RegisterSpec spec, string @namespace)
    {
        foreach (LayoutSpec layout in spec.Layouts)
        {
            string view = ViewType(layout, @namespace);
            w.Summary($"The value read with the {layout.Name} layout ({Describe(layout)}).");
            w.Line($"public {view} As{layout.Name} => {view}.FromRaw(Raw);");
            w.Line();
        }

        // Without the CPU's features only the default layouts (no "feature") can be chosen.
        var defaults = spec.Layouts.Where(l => l.Feature is null).ToList();
        var featured = spec.Layouts.Where(l => l.Feature is not null).ToList();
        w.Summary(featured.Count == 0
            ? "Whether a layout's condition holds for the effective HCR_EL2.E2H and TGE."
            : "The default layout (the one without a feature) whose condition holds for the effective HCR_EL2.E2H and TGE.");
        w.Line("/// <param name=\"e2h\">The effective HCR_EL2.E2H.</param>");
        w.Line("/// <param name=\"tge\">The effective HCR_EL2.TGE.</param>");
        w.Line("/// <returns>The name of the layout in force, or null when none applies.</returns>");
        w.Open("public static string? LayoutFor(bool e2h, bool tge)");
        Select(w, defaults, null, l => Format.Str(l.Name), "null");
        w.Close();
        w.Line();

        w.Summary("The value a guest write leaves, with the masks of the layout in force for E2H and TGE.");
        w.Line("/// <param name=\"written\">The value the guest wrote.</param>");
        w.Line("/// <param name=\"e2h\">The effective HCR_EL2.E2H.</param>");
        w.Line("/// <param name=\"tge\">The effective HCR_EL2.TGE.</param>");
        w.Line("/// <returns>The new register value. When no layout applies the register keeps its value.</returns>");
        w.Open($"public {spec.TypeName} ApplyWrite(ulong written, bool e2h, bool tge)");
        Select(w, defaults, null, l => $"new(As{l.Name}.ApplyWrite(written).Raw)", "this");
        w.Close();
        w.Line();

        if (featured.Count > 0)
        {
            // The first listed layout whose condition holds and whose feature the CPU has, else the default.
            string features = $"global::{@namespace}.SysregFeatures";
            w.Summary("The layout in force for the effective HCR_EL2.E2H and TGE on a CPU with the given features: the first listed whose condition holds and whose feature the CPU has, else the default.");
            w.Line("/// <param name=\"e2h\">The effective HCR_EL2.E2H.</param>");
            w.Line("/// <param name=\"tge\">The effective HCR_EL2.TGE.</param>");
            w.Line("/// <param name=\"features\">The CPU's features.</param>");
            w.Line("/// <returns>The name of the layout in force, or null when none applies.</returns>");
            w.Open($"public static string? LayoutFor(bool e2h, bool tge, {features} features)");
            Select(w, featured.Concat(defaults).ToList(), @namespace, l => Format.Str(l.Name), "null");
            w.Close();
            w.Line();

            w.Summary("The value a guest write leaves, with the masks of the layout in force for E2H, TGE and the CPU's features.");
            w.Line("/// <param name=\"written\">The value the guest wrote.</param>");
            w.Line("/// <param name=\"e2h\">The effective HCR_EL2.E2H.</param>");
            w.Line("/// <param name=\"tge\">The effective HCR_EL2.TGE.</param>");
            w.Line("/// <param name=\"features\">The CPU's features.</param>");
            w.Line("/// <returns>The new register value. When no layout applies the register keeps its value.</returns>");
            w.Open($"public {spec.TypeName} ApplyWrite(ulong written, bool e2h, bool tge, {features} features)");
            Select(w, featured.Concat(defaults).ToList(), @namespace, l => $"new(As{l.Name}.ApplyWrite(written).Raw)", "this");
            w.Close();
            w.Line();
        }

        w.Line("/// <inheritdoc/>");
        w.Line($"public override string ToString() => $\"{spec.Name} 0x{{Raw:X16}}\";");
        w.Line();
        EmitEquality(w, spec.TypeName);
    }

    /// <summary>
    /// "if (condition) return …;" per layout, in order, then the fallback; a condition that always
    /// holds ends the chain (code after it would be unreachable, a warning).
    /// </summary>
    private static void Select(IndentedWriter w, List<LayoutSpec> layouts, string? @namespace, System.Func<LayoutSpec, string> result, string fallback)
    {
        foreach (LayoutSpec layout in layouts)
        {
            string condition = Conditions.Expression(layout.When, "e2h", "tge");
            if (@namespace is not null && layout.Feature is { } feature)
            {
                string test = $"(features & global::{@namespace}.SysregFeatures.{Names.FeatureMemberName(feature)}) != 0";
                condition = condition == "true" ? test : $"{condition} && {test}";
            }

            if (condition == "true")
            {
                w.Line($"return {result(layout)};");
                return;
            }

            w.Line($"if ({condition}) return {result(layout)};");
        }

        w.Line($"return {fallback};");
    }

    private static string Describe(LayoutSpec layout) =>
        Conditions.Describe(layout.When) + (layout.Feature is { } f ? $", with {f}" : "");

    /// <summary>The masks, fields, write and equality members of one layout, in a register's struct, a nested view or a shared layout's type.</summary>
    internal static void EmitLayoutMembers(IndentedWriter w, LayoutOwner owner, LayoutSpec layout, string type, bool isView, string @namespace)
    {
        ulong aboveWidth = owner.Width == 64 ? 0 : ~((1UL << owner.Width) - 1);
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

        // Only where a layout has them, so that layouts without them generate what they always did.
        if (layout.Unkn != 0)
        {
            w.Summary("Bits that are UNKNOWN in this layout: described, never written (a write leaves them clear).");
            w.Line($"public const ulong UnknMask = {Format.U64(layout.Unkn)};");
            w.Line();
        }

        if (layout.Raz != 0)
        {
            w.Summary("Bits that read as zero in this layout: described, never written.");
            w.Line($"public const ulong RazMask = {Format.U64(layout.Raz)};");
            w.Line();
        }

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

        EmitToString(w, owner.Name, layout);
        w.Line();
        EmitEquality(w, type);

        if (isView && owner.RegisterType is { } register)
        {
            w.Line();
            w.Summary($"The register value behind the view.");
            w.Line($"public static implicit operator {register}({type} view) => {register}.FromRaw(view.Raw);");
        }
    }

    private static void EmitToString(IndentedWriter w, string ownerName, LayoutSpec layout)
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

        string label = layout.Name.Length == 0 ? ownerName : $"{ownerName} ({layout.Name})";
        string body = parts.Count == 0 ? "" : " {{ " + string.Join(", ", parts) + " }}";
        w.Line("/// <inheritdoc/>");
        w.Line($"public override string ToString() => $\"{label} 0x{{Raw:X16}}{body}\";");
    }
}

/// <summary>What a layout's members belong to: a register, or a shared layout.</summary>
/// <param name="Name">The register's or the layout's architecture name, for <c>ToString</c>.</param>
/// <param name="Width">Its width in bits.</param>
/// <param name="RegisterType">For a nested view, the register struct it converts to; null otherwise.</param>
internal sealed record LayoutOwner(string Name, int Width, string? RegisterType);
