using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>
/// Fills in what a register takes from other files: the layouts of the register it maps, the bits
/// of the shared layouts it uses, and the rules of the trap-rule groups it uses, in place and in
/// order. The result is a register like one written out in full, so every later step (the tables,
/// the trap-control lookup, the emitters) works on it unchanged. The build's table step and the
/// generator's per-register step both call it, with the same <see cref="SpecDefinitions"/>, and get
/// the same register.
/// </summary>
public static class SpecResolver
{
    /// <summary>Resolves one register.</summary>
    /// <param name="spec">A register valid on its own.</param>
    /// <param name="definitions">The set's shared definitions.</param>
    /// <param name="diagnostics">What is wrong; empty when the register resolved, or when it failed only because a file it uses has errors of its own.</param>
    /// <returns>The resolved register, or null.</returns>
    public static RegisterSpec? Resolve(RegisterSpec spec, SpecDefinitions definitions, out EquatableArray<DiagnosticInfo> diagnostics)
    {
        var problems = new Problems();
        RegisterSpec? resolved = Resolve(spec, definitions, problems);
        diagnostics = problems.ToEquatableArray();
        return resolved;
    }

    /// <summary>Resolves every valid register of a set against the set's own definitions, as reference specs are.</summary>
    /// <param name="results">Every file's result.</param>
    /// <returns>The registers that resolve.</returns>
    public static IEnumerable<RegisterSpec> ResolveAll(IEnumerable<SpecResult> results)
    {
        SpecResult[] all = results.ToArray();
        SpecDefinitions definitions = SpecDefinitions.From(all);
        return all.Where(r => r.Spec is not null).Select(r => Resolve(r.Spec!, definitions, new Problems())).Where(s => s is not null).Select(s => s!);
    }

    internal static RegisterSpec? Resolve(RegisterSpec spec, SpecDefinitions definitions, Problems problems)
    {
        int before = problems.Count;
        bool blocked = false;
        var failed = new HashSet<string>(definitions.FailedNames, StringComparer.Ordinal);
        var layoutsByName = definitions.Layouts.ToDictionary(l => l.Name, StringComparer.Ordinal);

        EquatableArray<LayoutSpec> layouts = spec.Layouts;
        bool reportUses = true;
        if (spec.Mapping is not null)
        {
            RegisterSpec? target = FollowMapping(spec, definitions, failed, problems, ref blocked);
            if (target is null)
            {
                return null;
            }

            if (target.Width != spec.Width)
            {
                problems.Report(DiagnosticDescriptors.LayoutWidthMismatch, spec.MappingLocation ?? spec.NameLocation, "Mapping target", target.Name,
                    Problems.Number(target.Width), spec.Name, Problems.Number(spec.Width));
                return null;
            }

            // The target reports its own uses' problems, in its own file.
            layouts = target.Layouts;
            reportUses = false;
        }

        var resolvedLayouts = new List<LayoutSpec>();
        foreach (LayoutSpec layout in layouts)
        {
            if (!layout.IsUnresolvedUse)
            {
                resolvedLayouts.Add(layout);
            }
            else if (layoutsByName.TryGetValue(layout.Shared!, out SharedLayoutSpec? shared))
            {
                if (shared.Width != spec.Width)
                {
                    blocked |= !reportUses;
                    if (reportUses)
                    {
                        problems.Report(DiagnosticDescriptors.LayoutWidthMismatch, layout.SharedLocation ?? layout.Location, "Layout", shared.Name,
                            Problems.Number(shared.Width), spec.Name, Problems.Number(spec.Width));
                    }

                    continue;
                }

                LayoutSpec bits = shared.Layout;
                if (reportUses && layouts.Count == 1 && bits.Fields.FirstOrDefault(f => f.PropertyName == spec.TypeName) is { } clash)
                {
                    // A one-layout register's struct gets the fields' properties, and a member cannot
                    // take its type's name; the layout file could not know the register's.
                    problems.Report(DiagnosticDescriptors.InvalidIdentifier, layout.SharedLocation ?? layout.Location, clash.PropertyName,
                        $"property of field '{clash.Name}' of layout '{shared.Name}', which is the name of {spec.Name}'s type; set the register's \"typeName\" or the field's \"propertyName\"");
                    continue;
                }

                resolvedLayouts.Add(layout with
                {
                    Fields = bits.Fields, Res0 = bits.Res0, Res1 = bits.Res1, Unkn = bits.Unkn, Raz = bits.Raz, SharedTypeName = shared.TypeName,
                });
            }
            else if (!reportUses || failed.Contains(SpecDefinitions.Key(SpecFileKind.Layout, layout.Shared!)))
            {
                blocked = true;
            }
            else
            {
                problems.Report(DiagnosticDescriptors.UnknownLayout, layout.SharedLocation ?? layout.Location, layout.Shared!, spec.Name);
            }
        }

        var groups = definitions.Groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        List<TrapRuleSpec> traps = Splice(spec.Traps, new List<string>(), groups, failed, problems, ref blocked);
        if (problems.Count != before || blocked)
        {
            return null;
        }

        RegisterSpec result = spec with { Layouts = resolvedLayouts.ToEquatableArray(), Traps = traps.ToEquatableArray() };
        if (spec.Mapping is not null || spec.Layouts.Any(l => l.Shared is not null))
        {
            // Checked here because only now are the layouts' fields known.
            SpecValidator.ValidateResets(result, problems);
        }

        return problems.Count == before ? result : null;
    }

    /// <summary>The rules of <paramref name="items"/> with each <c>{ "use": … }</c> replaced by its group's rules, recursively.</summary>
    /// <param name="items">Rules and uses, in priority order.</param>
    /// <param name="stack">The groups being spliced, outermost first, to find cycles.</param>
    /// <param name="groups">The valid groups by name.</param>
    /// <param name="failed">The names of files with errors (<see cref="SpecDefinitions.FailedNames"/>).</param>
    /// <param name="problems">Where unknown and cyclic uses are reported.</param>
    /// <param name="blocked">Set when a use names a group whose file has errors.</param>
    internal static List<TrapRuleSpec> Splice(EquatableArray<TrapRuleSpec> items, List<string> stack, Dictionary<string, TrapGroupSpec> groups,
        HashSet<string> failed, Problems problems, ref bool blocked)
    {
        var rules = new List<TrapRuleSpec>();
        foreach (TrapRuleSpec item in items)
        {
            if (item.Use is not { } use)
            {
                rules.Add(item);
            }
            else if (stack.Contains(use))
            {
                problems.Report(DiagnosticDescriptors.CyclicReference, item.Location, "Trap-rule group", use,
                    string.Join(" -> ", stack.SkipWhile(g => g != use).Concat(new[] { use })));
            }
            else if (groups.TryGetValue(use, out TrapGroupSpec? group))
            {
                stack.Add(use);
                rules.AddRange(Splice(group.Traps, stack, groups, failed, problems, ref blocked));
                stack.RemoveAt(stack.Count - 1);
            }
            else if (failed.Contains(SpecDefinitions.Key(SpecFileKind.TrapGroup, use)))
            {
                blocked = true;
            }
            else
            {
                problems.Report(DiagnosticDescriptors.UnknownTrapGroup, item.Location, use, stack.Count == 0 ? "this register" : $"group '{stack[stack.Count - 1]}'");
            }
        }

        return rules;
    }

    /// <summary>The register at the end of the mapping chain: one with layouts of its own.</summary>
    private static RegisterSpec? FollowMapping(RegisterSpec spec, SpecDefinitions definitions, HashSet<string> failed, Problems problems, ref bool blocked)
    {
        var byName = definitions.MappingTargets.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var chain = new List<string> { spec.Name };
        RegisterSpec current = spec;
        while (current.Mapping is { } next)
        {
            LocationInfo at = spec.MappingLocation ?? spec.NameLocation;
            if (chain.Contains(next))
            {
                if (next != spec.Name)
                {
                    // The registers on the cycle report it; this one only leads into it.
                    blocked = true;
                    return null;
                }

                problems.Report(DiagnosticDescriptors.CyclicReference, at, "Mapping", spec.Name, string.Join(" -> ", chain.Concat(new[] { next })));
                return null;
            }

            if (!byName.TryGetValue(next, out RegisterSpec? target))
            {
                if (failed.Contains(SpecDefinitions.Key(SpecFileKind.Register, next)) || !ReferenceEquals(current, spec))
                {
                    // A broken link further down is reported on the register that has it.
                    blocked = true;
                }
                else
                {
                    problems.Report(DiagnosticDescriptors.UnknownMappingTarget, at, next, spec.Name);
                }

                return null;
            }

            chain.Add(next);
            current = target;
        }

        return current;
    }
}
