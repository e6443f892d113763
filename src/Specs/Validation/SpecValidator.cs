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

        foreach (LayoutSpec layout in spec.Layouts)
        {
            ValidateLayout(spec, layout, problems);
        }

        ValidateLayoutSet(spec, problems);

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

    private static void ValidateLayout(RegisterSpec spec, LayoutSpec layout, Problems problems)
    {
        string layoutName = layout.Name.Length == 0 ? "default" : layout.Name;
        var owner = new string?[64];

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

                if (owner[bit] is { } existing)
                {
                    other ??= existing;
                    overlapped.Add(bit);
                }
                else
                {
                    owner[bit] = who;
                }
            }

            if (other is not null)
            {
                problems.Report(DiagnosticDescriptors.BitOverlap, at, layoutName, spec.Name, who, other, Problems.Bits(overlapped));
            }
        }

        // A field with an error still covers its bits (those inside the register), so that the
        // coverage check below reports no gap the author did not leave.
        ulong widthMask = spec.Width == 64 ? ulong.MaxValue : (1UL << spec.Width) - 1;
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        var properties = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (FieldSpec field in layout.Fields)
        {
            if (!names.Add(field.Name))
            {
                problems.Report(DiagnosticDescriptors.DuplicateFieldName, field.Location, field.Name, layoutName, spec.Name);
            }
            else if (field.Msb >= spec.Width)
            {
                problems.Report(DiagnosticDescriptors.FieldOutsideWidth, field.Location, $"Field '{field.Name}'",
                    Problems.Number(field.Msb), spec.Name, Problems.Number(spec.Width));
            }
            else
            {
                ValidateFieldNames(spec, field, properties, problems);
                ValidateFieldValues(field, problems);
            }

            Claim(field.Mask & widthMask, $"field '{field.Name}'", field.Location);
        }

        if ((layout.Res0 & ~widthMask) != 0 || (layout.Res1 & ~widthMask) != 0)
        {
            int bit = HighestBit((layout.Res0 | layout.Res1) & ~widthMask);
            problems.Report(DiagnosticDescriptors.FieldOutsideWidth, layout.Location, "A res0/res1 range",
                Problems.Number(bit), spec.Name, Problems.Number(spec.Width));
            return;
        }

        Claim(layout.Res0, "res0", layout.Location);
        Claim(layout.Res1, "res1", layout.Location);

        var gaps = new List<int>();
        for (int bit = spec.Width - 1; bit >= 0; bit--)
        {
            if (owner[bit] is null)
            {
                gaps.Add(bit);
            }
        }

        if (gaps.Count > 0)
        {
            problems.Report(DiagnosticDescriptors.BitGap, layout.Location, layoutName, spec.Name, Problems.Bits(gaps));
        }
    }

    private static void ValidateFieldNames(RegisterSpec spec, FieldSpec field, HashSet<string> properties, Problems problems)
    {
        string p = field.PropertyName;
        IReadOnlyList<string> generated = Names.FieldMembers(p);
        bool clash = Names.IsRegisterMember(p) || p == spec.TypeName || generated.Any(g => properties.Contains(g));
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

        if (field.IsSigned && field.Enum.Count > 0)
        {
            problems.Report(DiagnosticDescriptors.SignedEnumField, field.Location, field.Name);
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
            if (a.Name.Length == 0 || a.When.IsAlways)
            {
                problems.Report(DiagnosticDescriptors.LayoutConditions, a.Location,
                    $"{spec.Name} has {spec.Layouts.Count} layouts, so each needs a \"name\" and a \"when\" condition");
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
                if (a.When.IsCompatibleWith(b.When))
                {
                    problems.Report(DiagnosticDescriptors.LayoutConditions, a.Location,
                        $"Layouts '{b.Name}' {b.When} and '{a.Name}' {a.When} of {spec.Name} can both apply; their conditions must exclude each other");
                    return;
                }
            }
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
