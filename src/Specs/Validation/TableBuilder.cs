using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>
/// The rules that need every spec at once: unique names, type names, encodings and timer meanings,
/// and trap rules and redirects that name real registers and fields. Like KVM's
/// <c>check_sysreg_table</c>, but at build time: a table with duplicates is never generated.
/// </summary>
public static class TableBuilder
{
    /// <summary>Runs the cross-spec checks on a spec set and builds the tables of the specs that pass them.</summary>
    /// <param name="specResults">Every spec of the set, checked on its own; failed ones keep their declared name.</param>
    /// <param name="namespace">The namespace of the generated code.</param>
    /// <returns>The tables, the accepted specs and the cross-spec diagnostics.</returns>
    public static TableBuildResult Build(IEnumerable<SpecResult> specResults, string @namespace)
    {
        SpecResult[] results = specResults.ToArray();
        var diagnostics = new List<DiagnosticInfo>();
        void Report(SpecDiagnosticDescriptor d, LocationInfo at, params string[] args) =>
            diagnostics.Add(DiagnosticInfo.Create(d, at, args));

        // Inputs arrive in whatever order the compiler lists AdditionalFiles; sorting by path makes
        // "first wins" and every diagnostic independent of it.
        RegisterSpec[] specs = results.Where(r => r.Spec is not null).Select(r => r.Spec!)
            .OrderBy(s => s.Path, StringComparer.Ordinal).ToArray();
        var failedNames = new HashSet<string>(results.Where(r => r.Spec is null && r.DeclaredName is not null).Select(r => r.DeclaredName!), StringComparer.Ordinal);

        var accepted = new List<RegisterSpec>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);        // arch or member name -> owner register
        var typeNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var a64Keys = new Dictionary<int, (string Name, string Owner)>();
        var a32Keys = new Dictionary<(bool Wide, int Key), (string Name, string Owner)>();
        var meanings = new Dictionary<(string, string), string>();

        foreach (RegisterSpec spec in specs)
        {
            int before = diagnostics.Count;
            if (names.TryGetValue(spec.Name, out string? owner))
            {
                Report(DiagnosticDescriptors.DuplicateRegisterName, spec.NameLocation, spec.Name, $"'{owner}'");
                continue;
            }

            if (typeNames.TryGetValue(spec.TypeName, out string? typeOwner))
            {
                Report(DiagnosticDescriptors.DuplicateTypeName, spec.NameLocation, spec.Name, spec.TypeName, typeOwner);
                continue;
            }

            // Every name this spec introduces: the register, its aliases and its AArch32 view, and
            // the enum members generated from them.
            var introduced = new List<(string Name, LocationInfo At, bool IsAArch32)> { (spec.Name, spec.NameLocation, false) };
            introduced.AddRange(spec.Aliases.Select(a => (a.Name, a.Location, false)));
            if (spec.AArch32 is { } a32)
            {
                introduced.Add((a32.Name, a32.Location, true));
            }

            var mine = new HashSet<string>(StringComparer.Ordinal);
            foreach ((string name, LocationInfo at, bool isAArch32) in introduced)
            {
                // Both the architecture name and the enum member made from it must be unique:
                // "CNT_X" and "CNTX" differ, but would not as members if PascalCase merged them.
                foreach (string key in new[] { name, "member:" + Names.AccessorMemberName(name, isAArch32) })
                {
                    names.TryGetValue(key, out string? other);
                    if (other is not null || !mine.Add(key))
                    {
                        Report(DiagnosticDescriptors.DuplicateRegisterName, at, name, $"'{other ?? spec.Name}'");
                        break;
                    }
                }
            }

            var encodings = new List<(int Key, string Name, string Text, LocationInfo At)>
            {
                (spec.Encoding.Key, spec.Name, spec.Encoding.ToString(), spec.EncodingLocation),
            };
            encodings.AddRange(spec.Aliases.Select(a => (a.Encoding.Key, a.Name, a.Encoding.ToString(), a.Location)));
            var myA64 = new Dictionary<int, string>();
            foreach ((int key, string name, string text, LocationInfo at) in encodings)
            {
                if (a64Keys.TryGetValue(key, out var existing) || myA64.TryGetValue(key, out _))
                {
                    string otherName = existing.Name ?? myA64[key];
                    Report(DiagnosticDescriptors.DuplicateEncoding, at, "AArch64", text, name, otherName, existing.Owner ?? spec.Name);
                }
                else
                {
                    myA64.Add(key, name);
                }
            }

            if (spec.AArch32 is { } view && a32Keys.TryGetValue((view.IsWide, view.Key), out var a32Owner))
            {
                Report(DiagnosticDescriptors.DuplicateEncoding, view.Location, "AArch32", view.ToString(), view.Name, a32Owner.Name, a32Owner.Owner);
            }

            // A timer's CTL, CVAL and TVAL each have one storage, so one spec; its counter has several
            // architectural views (CNTPCT_EL0 and the self-synchronised CNTPCTSS_EL0), which KVM
            // also maps to the same (timer, CNT) pair.
            if (spec.Timer is { Register: not "Count" } meaning && meanings.TryGetValue((meaning.Timer, meaning.Register), out string? meaningOwner))
            {
                Report(DiagnosticDescriptors.DuplicateTimerMeaning, meaning.Location, meaningOwner, spec.Name, meaning.Timer, meaning.Register);
            }

            if (diagnostics.Count != before)
            {
                continue;
            }

            accepted.Add(spec);
            typeNames.Add(spec.TypeName, spec.Name);
            foreach (string key in mine)
            {
                names.Add(key, spec.Name);
            }

            foreach (KeyValuePair<int, string> e in myA64)
            {
                a64Keys.Add(e.Key, (e.Value, spec.Name));
            }

            if (spec.AArch32 is { } accepted32)
            {
                a32Keys.Add((accepted32.IsWide, accepted32.Key), (accepted32.Name, spec.Name));
            }

            if (spec.Timer is { Register: not "Count" } acceptedMeaning)
            {
                meanings.Add((acceptedMeaning.Timer, acceptedMeaning.Register), spec.Name);
            }
        }

        // Second pass: references between specs. A register whose rules cannot be resolved is left
        // out of the tables rather than generated with a rule missing, which would make accesses
        // silently not trap.
        var byName = accepted.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var entries = new List<(RegisterSpec Spec, RegisterEntry Entry)>();
        var controlRegisters = new SortedDictionary<string, ControlRegister>(StringComparer.Ordinal);
        foreach (RegisterSpec spec in accepted)
        {
            int before = diagnostics.Count;
            bool blockedByFailedSpec = false;
            var rules = new List<ResolvedTrapRule>();
            foreach (TrapRuleSpec rule in spec.Traps)
            {
                var controls = new List<ResolvedControl>();
                foreach (TrapControlSpec control in rule.Controls)
                {
                    string display = control.Register + "." + control.Field;
                    if (!byName.TryGetValue(control.Register, out RegisterSpec? target))
                    {
                        if (failedNames.Contains(control.Register))
                        {
                            blockedByFailedSpec = true;
                        }
                        else
                        {
                            Report(DiagnosticDescriptors.UnknownTrapRegister, control.Location, display, control.Register);
                        }

                        continue;
                    }

                    if (ResolveField(target, control, rule.When, Report) is { } field)
                    {
                        controlRegisters[target.TypeName] = new ControlRegister(target.Name, target.TypeName);
                        controls.Add(new ResolvedControl(target.TypeName, target.Name, field.Name, field.Lsb, field.Mask, control.Value << field.Lsb));
                    }
                }

                rules.Add(new ResolvedTrapRule(rule.El, rule.When, controls.ToEquatableArray(), rule.To, rule.Feature,
                    $"{spec.Name} rule at EL{rule.El}"));
            }

            var redirects = new List<ResolvedRedirect>();
            foreach (RedirectSpec redirect in spec.Redirects)
            {
                if (byName.TryGetValue(redirect.To, out RegisterSpec? target))
                {
                    redirects.Add(new ResolvedRedirect(redirect.El, redirect.When, target.Name, target.TypeName));
                }
                else if (failedNames.Contains(redirect.To))
                {
                    blockedByFailedSpec = true;
                }
                else
                {
                    Report(DiagnosticDescriptors.UnknownRedirectTarget, redirect.Location, redirect.To, spec.Name);
                }
            }

            if (diagnostics.Count != before || blockedByFailedSpec)
            {
                continue;
            }

            entries.Add((spec, new RegisterEntry(
                spec.Name, spec.TypeName, spec.Description, spec.Width, spec.ResetValue, spec.Feature,
                spec.Timer?.Timer, spec.Timer?.Register, spec.Encoding,
                spec.Layouts.Select(ToCatalog).ToEquatableArray(),
                rules.ToEquatableArray(), redirects.ToEquatableArray())));
        }

        var registers = entries.OrderBy(e => e.Entry.Encoding.Key).ToArray();
        var accessors = registers.SelectMany(e => AccessorsOf(e.Spec))
            .OrderBy(a => a.Kind).ThenBy(a => a.Key).ToEquatableArray();
        var features = registers.SelectMany(e => FeaturesOf(e.Spec)).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToEquatableArray();

        var table = new TableModel(@namespace, registers.Select(e => e.Entry).ToEquatableArray(), accessors, features,
            controlRegisters.Values.ToEquatableArray());
        return new TableBuildResult(table, registers.Select(e => e.Spec).ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private static IEnumerable<string> FeaturesOf(RegisterSpec spec)
    {
        if (spec.Feature is { } f)
        {
            yield return f;
        }

        foreach (LayoutSpec layout in spec.Layouts)
        {
            foreach (FieldSpec field in layout.Fields)
            {
                if (field.Feature is { } ff)
                {
                    yield return ff;
                }
            }
        }

        foreach (TrapRuleSpec rule in spec.Traps)
        {
            if (rule.Feature is { } rf)
            {
                yield return rf;
            }
        }
    }

    private static IEnumerable<AccessorEntry> AccessorsOf(RegisterSpec spec)
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

    private static CatalogLayout ToCatalog(LayoutSpec layout) => new(
        layout.Name, layout.When, layout.Res0, layout.Res1,
        layout.Fields.OrderByDescending(f => f.Msb)
            .Select(f => new CatalogField(f.Name, f.PropertyName, f.Msb, f.Lsb, f.Access, f.Reset, f.IsSigned, f.Feature))
            .ToEquatableArray());

    /// <summary>
    /// Finds the control field in the layouts the rule's condition allows. CNTHCTL_EL2.EL1PCEN under
    /// { "e2h": 0 } is bit 1; under { "e2h": 1 } there is no such field (it moved to bit 11 as EL1PTEN).
    /// </summary>
    private static FieldSpec? ResolveField(RegisterSpec target, TrapControlSpec control, Condition when,
        Action<SpecDiagnosticDescriptor, LocationInfo, string[]> report)
    {
        string display = control.Register + "." + control.Field;
        var candidates = new List<(LayoutSpec Layout, FieldSpec? Field)>();
        foreach (LayoutSpec layout in target.Layouts)
        {
            if (layout.When.IsCompatibleWith(when))
            {
                candidates.Add((layout, layout.Fields.FirstOrDefault(f => f.Name == control.Field)));
            }
        }

        if (candidates.Count == 0 || candidates.Any(c => c.Field is null))
        {
            report(DiagnosticDescriptors.UnknownTrapField, control.Location, new[] { display, target.Name, control.Field, when.ToString() });
            return null;
        }

        FieldSpec first = candidates[0].Field!;
        if (candidates.Any(c => c.Field!.Msb != first.Msb || c.Field.Lsb != first.Lsb))
        {
            report(DiagnosticDescriptors.AmbiguousTrapField, control.Location,
                new[] { display, string.Join(", ", candidates.Select(c => $"'{c.Layout.Name}'")), target.Name });
            return null;
        }

        if (!Bits.Fits(control.Value, first.Width))
        {
            report(DiagnosticDescriptors.TrapValueTooWide, control.Location,
                new[] { display, SpecValidator.Hex(control.Value), first.Width.ToString(CultureInfo.InvariantCulture) });
            return null;
        }

        return first;
    }
}
