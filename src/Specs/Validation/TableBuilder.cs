using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>
/// The rules that need every spec at once: unique names, type names, encodings and timer meanings
/// (<see cref="NameRegistry"/>), and trap rules and redirects that name real registers and fields
/// (<see cref="ReferenceResolver"/>); then the tables of the specs that pass. Like KVM's
/// <c>check_sysreg_table</c>, but at build time: a table with duplicates is never generated.
/// </summary>
/// <remarks>
/// Reference specs are registers another model defines (the SysregGen.Runtime package's timer
/// registers, for a consumer's own specs). They are read only to resolve trap-rule controls, so a
/// consumer's rule may read CNTHCTL_EL2.EL1PCEN: they generate nothing, get no table entry and take
/// part in no duplicate check, and a spec of the set with the same name (or type name) shadows one.
/// </remarks>
public static class TableBuilder
{
    /// <summary>Runs the cross-spec checks on a spec set and builds the tables of the specs that pass them.</summary>
    /// <param name="specResults">Every spec of the set, checked on its own; failed ones keep their declared name.</param>
    /// <param name="namespace">The namespace of the generated code.</param>
    /// <param name="paths">How messages name the other file of a clash (default: as given).</param>
    /// <param name="references">Reference specs, valid ones, for trap-rule controls only (see remarks).</param>
    /// <returns>The tables, the accepted specs and the cross-spec diagnostics.</returns>
    public static TableBuildResult Build(IEnumerable<SpecResult> specResults, string @namespace, SpecPaths? paths = null, IEnumerable<RegisterSpec>? references = null)
    {
        SpecResult[] results = specResults.ToArray();
        var problems = new Problems();
        SpecPaths shown = paths ?? SpecPaths.AsGiven;
        SpecDefinitions definitions = SpecDefinitions.Build(results, problems, shown);

        // Inputs arrive in whatever order the compiler lists AdditionalFiles; sorting by path makes
        // "first wins" and every diagnostic independent of it. The first spec keeps what it claims and generates; a later one that
        // claims any of it is refused with an error naming the first.
        var registry = new NameRegistry(problems, shown);
        var accepted = new List<RegisterSpec>();
        var refused = new List<RegisterSpec>();
        foreach (RegisterSpec spec in results.Where(r => r.Spec is not null).Select(r => r.Spec!).Distinct().OrderBy(s => s, SpecOrder.Instance))
        {
            (registry.TryAdd(spec) ? accepted : refused).Add(spec);
        }

        // A shared layout's type is a type like a register's: after the registers, a layout whose
        // type name one of them (or an earlier layout) has is refused, with the registers using it.
        var layouts = definitions.Layouts.OrderBy(l => l.Path, StringComparer.Ordinal).ThenBy(l => l.Name, StringComparer.Ordinal)
            .Where(registry.TryAdd).ToList();
        var layoutNames = new HashSet<string>(layouts.Select(l => l.Name), StringComparer.Ordinal);

        // Shared layouts, mappings and trap-rule groups are filled in; a register that cannot be
        // resolved is refused like one with a clash (its own problem reported, once).
        var resolvedSpecs = new List<RegisterSpec>();
        foreach (RegisterSpec spec in accepted)
        {
            if (SpecResolver.Resolve(spec, definitions, problems) is { } resolvedSpec &&
                resolvedSpec.Layouts.All(l => l.Shared is null || layoutNames.Contains(l.Shared)))
            {
                resolvedSpecs.Add(resolvedSpec);
            }
            else
            {
                refused.Add(spec);
            }
        }

        accepted = resolvedSpecs;

        // A reference to a spec that failed, on its own or by a clash, leaves the referring spec
        // out without a second error: the failure is reported where it is.
        var failedNames = new HashSet<string>(
            results.Where(r => r.Kind == SpecFileKind.Register && r.Spec is null && r.DeclaredName is not null).Select(r => r.DeclaredName!).Concat(refused.Select(s => s.Name)),
            StringComparer.Ordinal);
        var resolver = new ReferenceResolver(accepted, failedNames, ReferencesByName(references, accepted), problems);
        var resolved = new List<(RegisterSpec Spec, RegisterEntry Entry)>();
        foreach (RegisterSpec spec in accepted)
        {
            if (resolver.TryResolve(spec, out var rules, out var redirects))
            {
                resolved.Add((spec, TableEntries.Register(spec, rules, redirects)));
            }
        }

        var registers = resolved.OrderBy(r => r.Entry.Encoding.Key).ToList();
        var accessors = registers.SelectMany(r => TableEntries.Accessors(r.Spec))
            .OrderBy(a => a.Kind).ThenBy(a => a.Key).ToEquatableArray();
        var features = registers.SelectMany(r => TableEntries.Features(r.Spec)).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToEquatableArray();

        var table = new TableModel(@namespace, registers.Select(r => r.Entry).ToEquatableArray(), accessors, features,
            resolver.ControlRegisters.ToEquatableArray());
        return new TableBuildResult(table, registers.Select(r => r.Spec).ToEquatableArray(), problems.ToEquatableArray(), layouts.ToEquatableArray());
    }

    /// <summary>The reference specs that no spec of the set shadows, by name; the first by path where two have one name.</summary>
    private static Dictionary<string, RegisterSpec> ReferencesByName(IEnumerable<RegisterSpec>? references, List<RegisterSpec> accepted)
    {
        // A reference whose type name a spec of the set has is shadowed too: trap controls are
        // TrapControls properties named by type, and one property cannot hold two registers.
        var ownTypes = new HashSet<string>(accepted.Select(s => s.TypeName), StringComparer.Ordinal);
        var byName = new Dictionary<string, RegisterSpec>(StringComparer.Ordinal);
        foreach (RegisterSpec reference in (references ?? Enumerable.Empty<RegisterSpec>()).OrderBy(s => s, SpecOrder.Instance))
        {
            if (!ownTypes.Contains(reference.TypeName) && !byName.ContainsKey(reference.Name))
            {
                byName.Add(reference.Name, reference);
            }
        }

        return byName;
    }

    /// <summary>Path order; for two different specs at one path (a file listed twice, edited in between), their name, encoding and layout of the text decide.</summary>
    private sealed class SpecOrder : IComparer<RegisterSpec>
    {
        public static readonly SpecOrder Instance = new();

        public int Compare(RegisterSpec? x, RegisterSpec? y)
        {
            int c = string.CompareOrdinal(x!.Path, y!.Path);
            c = c != 0 ? c : string.CompareOrdinal(x.Name, y.Name);
            c = c != 0 ? c : x.Encoding.Key.CompareTo(y.Encoding.Key);
            c = c != 0 ? c : x.NameLocation.Start.CompareTo(y.NameLocation.Start);
            return c != 0 ? c : string.CompareOrdinal(x.Description, y.Description);
        }
    }
}
