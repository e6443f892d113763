using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>
/// The rules one spec must satisfy on its own. The central one is Linux gen-sysreg's: every layout
/// describes each bit of the register exactly once, so a typo in a bit range cannot silently leave a
/// bit writable or hide a field.
/// </summary>
public static class SpecValidator
{
    /// <summary>Checks one spec that read cleanly.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>What is wrong with it; empty when it is valid.</returns>
    public static EquatableArray<DiagnosticInfo> Validate(RegisterSpec spec)
    {
        var problems = new Problems();

        // An entry that uses a shared layout is checked in its own file, and against the register's
        // width when the cross-spec resolution finds it.
        foreach (LayoutSpec layout in spec.Layouts.Where(l => !l.IsUnresolvedUse))
        {
            ValidateLayout(spec.Name, spec.Width, spec.TypeName, layout, problems);
        }

        ValidateLayoutSet(spec, problems);
        if (!spec.Layouts.Any(l => l.IsUnresolvedUse))
        {
            ValidateResets(spec, problems);
        }

        if (spec.AArch32 is { } a32)
        {
            if (a32.IsWide && spec.Width != 64)
            {
                problems.Report(DiagnosticDescriptors.InvalidAArch32View, a32.Location,
                    $"'{a32.Name}' is an MRRC/MCRR view, which moves 64 bits, but {spec.Name} is {spec.Width} bits wide");
            }
        }

        foreach (AliasSpec alias in spec.Aliases)
        {
            if (alias.MinEl >= 0 && alias.MinEl < spec.MinEl)
            {
                problems.Report(DiagnosticDescriptors.InvalidAlias, alias.Location,
                    $"Alias '{alias.Name}' has minEl {alias.MinEl}, below {spec.Name}'s minEl {spec.MinEl}; an alias cannot widen access");
            }
        }

        return problems.ToEquatableArray();
    }

    /// <summary>Checks a layout file on its own: the same coverage and field rules as a register's inline layout.</summary>
    /// <param name="layout">The shared layout.</param>
    /// <returns>What is wrong with it; empty when it is valid.</returns>
    public static EquatableArray<DiagnosticInfo> Validate(SharedLayoutSpec layout)
    {
        var problems = new Problems();
        ValidateLayout(layout.Name, layout.Width, layout.TypeName, layout.Layout, problems);
        return problems.ToEquatableArray();
    }

    private static void ValidateLayout(string owner, int width, string typeName, LayoutSpec layout, Problems problems)
    {
        string layoutName = layout.Name.Length == 0 ? "default" : layout.Name;
        var claims = new string?[64];

        void Claim(ulong mask, string who, LocationInfo at)
        {
            var overlapped = new List<int>();
            string? other = null;
            for (int bit = 63; bit >= 0; bit--)
            {
                if ((mask >> bit & 1) == 0)
                {
                    continue;
                }

                if (claims[bit] is { } existing)
                {
                    other ??= existing;
                    overlapped.Add(bit);
                }
                else
                {
                    claims[bit] = who;
                }
            }

            if (other is not null)
            {
                problems.Report(DiagnosticDescriptors.BitOverlap, at, layoutName, owner, who, other, Problems.Bits(overlapped));
            }
        }

        // A field with an error still covers its bits (those inside the register), so that the
        // coverage check below reports no gap the author did not leave.
        ulong widthMask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        var properties = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (FieldSpec field in layout.Fields)
        {
            if (!names.Add(field.Name))
            {
                problems.Report(DiagnosticDescriptors.DuplicateFieldName, field.Location, field.Name, layoutName, owner);
            }
            else if (field.Msb >= width)
            {
                problems.Report(DiagnosticDescriptors.FieldOutsideWidth, field.Location, $"Field '{field.Name}'",
                    Problems.Number(field.Msb), owner, Problems.Number(width));
            }
            else
            {
                ValidateFieldNames(typeName, field, properties, problems);
                ValidateFieldValues(field, problems);
            }

            Claim(field.Mask & widthMask, $"field '{field.Name}'", field.Location);
        }

        ulong ranges = layout.Res0 | layout.Res1 | layout.Unkn | layout.Raz;
        if ((ranges & ~widthMask) != 0)
        {
            int bit = HighestBit(ranges & ~widthMask);
            problems.Report(DiagnosticDescriptors.FieldOutsideWidth, layout.Location, "A res0/res1/unkn/raz range",
                Problems.Number(bit), owner, Problems.Number(width));
            return;
        }

        Claim(layout.Res0, "res0", layout.Location);
        Claim(layout.Res1, "res1", layout.Location);
        Claim(layout.Unkn, "unkn", layout.Location);
        Claim(layout.Raz, "raz", layout.Location);

        var gaps = new List<int>();
        for (int bit = width - 1; bit >= 0; bit--)
        {
            if (claims[bit] is null)
            {
                gaps.Add(bit);
            }
        }

        if (gaps.Count > 0)
        {
            problems.Report(DiagnosticDescriptors.BitGap, layout.Location, layoutName, owner, Problems.Bits(gaps));
        }
    }

    private static void ValidateFieldNames(string typeName, FieldSpec field, HashSet<string> properties, Problems problems)
    {
        string p = field.PropertyName;
        IReadOnlyList<string> generated = Names.FieldMembers(p);
        bool clash = Names.IsRegisterMember(p) || p == typeName || generated.Any(g => properties.Contains(g));
        if (clash || !Names.IsValidIdentifier(p))
        {
            problems.Report(DiagnosticDescriptors.InvalidIdentifier, field.Location, p,
                clash ? $"property of field '{field.Name}', which clashes with another generated member; set \"propertyName\"" : $"property of field '{field.Name}'");
            return;
        }

        foreach (string g in generated)
        {
            properties.Add(g);
        }
    }

    private static void ValidateFieldValues(FieldSpec field, Problems problems)
    {
        string width = Problems.Number(field.Width);
        if (!Bits.Fits(field.Reset, field.Width))
        {
            problems.Report(DiagnosticDescriptors.ResetTooWide, field.Location, Problems.Hex(field.Reset), field.Name, width);
        }

        var seen = new Dictionary<ulong, string>();
        foreach (EnumValueSpec value in field.Enum)
        {
            if (!Bits.Fits(value.Value, field.Width))
            {
                problems.Report(DiagnosticDescriptors.EnumValueTooWide, field.Location, value.Name, Problems.Hex(value.Value), field.Name, width);
            }
            else if (seen.TryGetValue(value.Value, out string? first))
            {
                problems.Report(DiagnosticDescriptors.DuplicateEnumValue, field.Location, first, value.Name, field.Name, Problems.Hex(value.Value));
            }
            else
            {
                seen.Add(value.Value, value.Name);
            }
        }
    }

    /// <summary>
    /// Several layouts: each named; layouts that can apply together (compatible conditions) must have
    /// the same condition and differ in feature, at most one of them without one (the default).
    /// </summary>
    private static void ValidateLayoutSet(RegisterSpec spec, Problems problems)
    {
        if (spec.Layouts.Count < 2)
        {
            return;
        }

        var names = new HashSet<string>(System.StringComparer.Ordinal);
        for (int i = 0; i < spec.Layouts.Count; i++)
        {
            LayoutSpec a = spec.Layouts[i];
            if (a.Name.Length == 0 || (a.When.IsAlways && a.Feature is null && spec.Layouts.All(l => l.Feature is null)))
            {
                problems.Report(DiagnosticDescriptors.LayoutConditions, a.Location,
                    $"{spec.Name} has {spec.Layouts.Count} layouts, so each needs a \"name\" and a \"when\" condition (or a \"feature\")");
                return;
            }

            if (!names.Add(a.Name))
            {
                problems.Report(DiagnosticDescriptors.LayoutConditions, a.Location, $"Two layouts of {spec.Name} are named '{a.Name}'");
                return;
            }

            for (int j = 0; j < i; j++)
            {
                LayoutSpec b = spec.Layouts[j];
                if (!a.When.IsCompatibleWith(b.When))
                {
                    continue;
                }

                if (!a.When.Equals(b.When))
                {
                    problems.Report(DiagnosticDescriptors.LayoutConditions, a.Location,
                        $"Layouts '{b.Name}' {b.When} and '{a.Name}' {a.When} of {spec.Name} can both apply; their conditions must exclude each other, or be the same with different features");
                    return;
                }

                if (a.Feature == b.Feature)
                {
                    string how = a.Feature is null ? $"under {a.When} as the default (no \"feature\")" : $"under {a.When} with {a.Feature}";
                    problems.Report(DiagnosticDescriptors.OverlappingFeatureLayouts, a.Location, b.Name, a.Name, spec.Name, how);
                    return;
                }
            }
        }
    }

    /// <summary>One storage has one reset value: every layout (inline or, once resolved, shared) must give the same.</summary>
    internal static void ValidateResets(RegisterSpec spec, Problems problems)
    {
        if (spec.Layouts.Count < 2)
        {
            return;
        }

        LayoutSpec first = spec.Layouts[0];
        foreach (LayoutSpec other in spec.Layouts.Skip(1))
        {
            if (other.Reset != first.Reset)
            {
                problems.Report(DiagnosticDescriptors.LayoutResetMismatch, other.Location, spec.Name, Problems.Hex(first.Reset), first.Name, Problems.Hex(other.Reset), other.Name);
            }
        }
    }

    private static int HighestBit(ulong mask)
    {
        for (int bit = 63; bit >= 0; bit--)
        {
            if ((mask >> bit & 1) != 0)
            {
                return bit;
            }
        }

        return -1;
    }
}
