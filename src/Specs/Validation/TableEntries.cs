using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>Projects an accepted spec onto the location-free rows of the <see cref="TableModel"/>.</summary>
internal static class TableEntries
{
    public static RegisterEntry Register(RegisterSpec spec, EquatableArray<ResolvedTrapRule> rules, EquatableArray<ResolvedRedirect> redirects) => new(
        spec.Name, spec.TypeName, spec.Description, spec.Width, spec.ResetValue, spec.Feature,
        spec.Timer?.Timer, spec.Timer?.Register, spec.Encoding,
        spec.Layouts.Select(Layout).ToEquatableArray(),
        rules, redirects);

    /// <summary>The register's own encoding, its aliases, then its AArch32 view.</summary>
    public static IEnumerable<AccessorEntry> Accessors(RegisterSpec spec)
    {
        A64Encoding e = spec.Encoding;
        Condition always = Condition.Always;
        yield return new AccessorEntry(Names.AccessorMemberName(spec.Name, false), spec.Name, AccessorKind.AArch64, e.Key,
            spec.Name, spec.TypeName, false, e.Op0, e.Op1, e.CRn, e.CRm, e.Op2, spec.MinEl, always,
            spec.ReadMinEl, spec.EffectiveWriteMinEl);

        foreach (AliasSpec alias in spec.Aliases)
        {
            A64Encoding a = alias.Encoding;
            int minEl = alias.MinEl < 0 ? spec.MinEl : alias.MinEl;
            yield return new AccessorEntry(Names.AccessorMemberName(alias.Name, false), alias.Name, AccessorKind.AArch64, a.Key,
                spec.Name, spec.TypeName, true, a.Op0, a.Op1, a.CRn, a.CRm, a.Op2, minEl, alias.Requires,
                spec.Access == RegisterAccess.WO ? 4 : minEl,
                spec.Access == RegisterAccess.RO ? 4 : Math.Max(minEl, spec.EffectiveWriteMinEl));
        }

        if (spec.AArch32 is { } v)
        {
            yield return new AccessorEntry(Names.AccessorMemberName(v.Name, true), v.Name, v.IsWide ? AccessorKind.AArch32Wide : AccessorKind.AArch32,
                v.Key, spec.Name, spec.TypeName, false, v.Coproc, v.Opc1, v.CRn ?? 0, v.CRm, v.Opc2 ?? 0, spec.MinEl, always,
                spec.ReadMinEl, spec.EffectiveWriteMinEl);
        }
    }

    /// <summary>Every feature the register, its fields or its trap rules name (with repeats).</summary>
    public static IEnumerable<string> Features(RegisterSpec spec)
    {
        IEnumerable<string?> named = new[] { spec.Feature }
            .Concat(spec.Layouts.Select(l => l.Feature))
            .Concat(spec.Layouts.SelectMany(l => l.Fields).Select(f => f.Feature))
            .Concat(spec.Traps.Select(r => r.Feature));
        return named.Where(f => f is not null).Select(f => f!);
    }

    private static CatalogLayout Layout(LayoutSpec layout) => new(
        layout.Name, layout.When, layout.Res0, layout.Res1,
        layout.Fields.OrderByDescending(f => f.Msb)
            .Select(f => new CatalogField(f.Name, f.PropertyName, f.Msb, f.Lsb, f.Access, f.Reset, f.IsSigned, f.Feature))
            .ToEquatableArray(),
        layout.Feature, layout.Shared, layout.Unkn, layout.Raz);
}
