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
public static class TableBuilder
{
    /// <summary>Runs the cross-spec checks on a spec set and builds the tables of the specs that pass them.</summary>
    /// <param name="specResults">Every spec of the set, checked on its own; failed ones keep their declared name.</param>
    /// <param name="namespace">The namespace of the generated code.</param>
    /// <returns>The tables, the accepted specs and the cross-spec diagnostics.</returns>
    public static TableBuildResult Build(IEnumerable<SpecResult> specResults, string @namespace)
    {
        SpecResult[] results = specResults.ToArray();
        var problems = new Problems();

        // Inputs arrive in whatever order the compiler lists AdditionalFiles; sorting by path makes
        // "first wins" and every diagnostic independent of it.
        var registry = new NameRegistry(problems);
        var accepted = new List<RegisterSpec>();
        foreach (RegisterSpec spec in results.Where(r => r.Spec is not null).Select(r => r.Spec!).OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            if (registry.TryAdd(spec))
            {
                accepted.Add(spec);
            }
        }

        var failedNames = new HashSet<string>(results.Where(r => r.Spec is null && r.DeclaredName is not null).Select(r => r.DeclaredName!), StringComparer.Ordinal);
        var resolver = new ReferenceResolver(accepted, failedNames, problems);
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
        return new TableBuildResult(table, registers.Select(r => r.Spec).ToEquatableArray(), problems.ToEquatableArray());
    }
}
