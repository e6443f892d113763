using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>
/// The second pass of the cross-spec checks: trap rules and redirects must name registers and fields
/// that exist. A register whose rules cannot be resolved is left out of the tables rather than
/// generated with a rule missing, which would make accesses silently not trap. A reference to a spec
/// that failed its own checks leaves the register out without a second error. A trap control may
/// also name a reference spec (a register another model defines); a redirect may not, since it
/// leads to a register of this model.
/// </summary>
internal sealed class ReferenceResolver
{
    private readonly Dictionary<string, RegisterSpec> _byName;
    private readonly HashSet<string> _failedNames;
    private readonly Dictionary<string, RegisterSpec> _references;
    private readonly Problems _problems;
    private readonly SortedDictionary<string, ControlRegister> _controlRegisters = new(StringComparer.Ordinal);

    public ReferenceResolver(IEnumerable<RegisterSpec> accepted, HashSet<string> failedNames, Dictionary<string, RegisterSpec> references, Problems problems)
    {
        _byName = accepted.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _failedNames = failedNames;
        _references = references;
        _problems = problems;
    }

    /// <summary>The registers the resolved rules read, by type name.</summary>
    public IEnumerable<ControlRegister> ControlRegisters => _controlRegisters.Values;

    /// <summary>The register's trap rules and redirects with their references resolved.</summary>
    /// <returns>False when a reference failed; the failure is reported unless it is another spec's.</returns>
    public bool TryResolve(RegisterSpec spec, out EquatableArray<ResolvedTrapRule> rules, out EquatableArray<ResolvedRedirect> redirects)
    {
        int before = _problems.Count;
        bool blockedByFailedSpec = false;
        var resolvedRules = new List<ResolvedTrapRule>();
        foreach (TrapRuleSpec rule in spec.Traps)
        {
            resolvedRules.Add(Resolve(spec, rule, ref blockedByFailedSpec));
        }

        var resolved = new List<ResolvedRedirect>();
        foreach (RedirectSpec redirect in spec.Redirects)
        {
            if (_byName.TryGetValue(redirect.To, out RegisterSpec? target))
            {
                resolved.Add(new ResolvedRedirect(redirect.El, redirect.When, target.Name, target.TypeName));
            }
            else if (_failedNames.Contains(redirect.To))
            {
                blockedByFailedSpec = true;
            }
            else
            {
                _problems.Report(DiagnosticDescriptors.UnknownRedirectTarget, redirect.Location, redirect.To, spec.Name);
            }
        }

        rules = resolvedRules.ToEquatableArray();
        redirects = resolved.ToEquatableArray();
        return _problems.Count == before && !blockedByFailedSpec;
    }

    private ResolvedTrapRule Resolve(RegisterSpec spec, TrapRuleSpec rule, ref bool blockedByFailedSpec)
    {
        var controls = new List<ResolvedControl>();
        foreach (TrapControlSpec control in rule.Controls)
        {
            // The set's own spec of that name first, even a failed one (it shadows a reference spec).
            if (!_byName.TryGetValue(control.Register, out RegisterSpec? target) &&
                (_failedNames.Contains(control.Register) || !_references.TryGetValue(control.Register, out target)))
            {
                if (_failedNames.Contains(control.Register))
                {
                    blockedByFailedSpec = true;
                }
                else
                {
                    _problems.Report(DiagnosticDescriptors.UnknownTrapRegister, control.Location, Display(control), control.Register);
                }

                continue;
            }

            if (ResolveField(target, control, rule.When) is { } field)
            {
                _controlRegisters[target.TypeName] = new ControlRegister(target.Name, target.TypeName);
                controls.Add(new ResolvedControl(target.TypeName, target.Name, field.Name, field.Lsb, field.Mask, control.Value << field.Lsb));
            }
        }

        return new ResolvedTrapRule(rule.El, rule.When, controls.ToEquatableArray(), rule.To, rule.Feature, $"{spec.Name} rule at EL{rule.El}");
    }

    /// <summary>
    /// Finds the control field in the layouts the rule's condition allows. CNTHCTL_EL2.EL1PCEN under
    /// { "e2h": 0 } is bit 1; under { "e2h": 1 } there is no such field (it moved to bit 11 as EL1PTEN).
    /// </summary>
    private FieldSpec? ResolveField(RegisterSpec target, TrapControlSpec control, Condition when)
    {
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
            _problems.Report(DiagnosticDescriptors.UnknownTrapField, control.Location, Display(control), target.Name, control.Field, when.ToString());
            return null;
        }

        FieldSpec first = candidates[0].Field!;
        if (candidates.Any(c => c.Field!.Msb != first.Msb || c.Field.Lsb != first.Lsb))
        {
            _problems.Report(DiagnosticDescriptors.AmbiguousTrapField, control.Location,
                Display(control), string.Join(", ", candidates.Select(c => $"'{c.Layout.Name}'")), target.Name);
            return null;
        }

        if (!Bits.Fits(control.Value, first.Width))
        {
            _problems.Report(DiagnosticDescriptors.TrapValueTooWide, control.Location, Display(control), Problems.Hex(control.Value), Problems.Number(first.Width));
            return null;
        }

        return first;
    }

    private static string Display(TrapControlSpec control) => control.Register + "." + control.Field;
}
