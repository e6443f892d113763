using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>
/// What registers refer to by name across files: the shared layouts, the trap-rule groups, and the
/// registers that mappings view. A build computes it once from every file's own result, and
/// resolves each register against it (<see cref="SpecResolver"/>). It is equatable and holds only
/// what resolution reads, so editing a register nobody maps leaves it equal, and the generator
/// re-resolves nothing.
/// </summary>
/// <param name="Layouts">The valid shared layouts; for a name defined twice, the file whose path sorts first.</param>
/// <param name="Groups">The valid trap-rule groups whose uses all resolve, without cycles; first by path per name.</param>
/// <param name="MappingTargets">The valid registers some mapping names, first by path per name.</param>
/// <param name="FailedNames">Names of layouts ("layout:"), groups ("group:") and registers ("register:") whose
/// files have errors: a use of one leaves the user out without a second error.</param>
public sealed record SpecDefinitions(
    EquatableArray<SharedLayoutSpec> Layouts,
    EquatableArray<TrapGroupSpec> Groups,
    EquatableArray<RegisterSpec> MappingTargets,
    EquatableArray<string> FailedNames)
{
    /// <summary>The definitions of no file.</summary>
    public static SpecDefinitions Empty { get; } = new(default, default, default, default);

    /// <summary>The definitions in a set of files, each checked on its own.</summary>
    /// <param name="results">Every file's result.</param>
    /// <returns>The definitions, independent of the order of <paramref name="results"/>.</returns>
    public static SpecDefinitions From(IEnumerable<SpecResult> results) => Build(results, null, SpecPaths.AsGiven);

    /// <summary>As <see cref="From"/>, reporting duplicate names and broken groups to <paramref name="problems"/>.</summary>
    internal static SpecDefinitions Build(IEnumerable<SpecResult> results, Problems? problems, SpecPaths paths)
    {
        SpecResult[] all = results.ToArray();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (SpecResult r in all.Where(r => r.DeclaredName is not null))
        {
            bool ok = r.Kind switch { SpecFileKind.Layout => r.Layout is not null, SpecFileKind.TrapGroup => r.Group is not null, _ => r.Spec is not null };
            if (!ok)
            {
                failed.Add(Key(r.Kind, r.DeclaredName!));
            }
        }

        var layouts = FirstByPath(all.Select(r => r.Layout).Where(l => l is not null).Select(l => l!).Distinct(),
            l => l.Name, l => l.Path, l => l.NameLocation, "layout", problems, paths);
        var groups = FirstByPath(all.Select(r => r.Group).Where(g => g is not null).Select(g => g!).Distinct(),
            g => g.Name, g => g.Path, g => g.NameLocation, "trap-rule group", problems, paths);

        // A group that uses an unknown or cyclic group is broken once, in its own file, not again
        // in every register that uses it.
        var byName = groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var broken = new HashSet<string>(StringComparer.Ordinal);
        foreach (TrapGroupSpec group in groups)
        {
            var local = new Problems();
            bool blocked = false;
            SpecResolver.Splice(group.Traps, new List<string> { group.Name }, byName, failed, local, ref blocked);
            if (local.Count > 0 || blocked)
            {
                broken.Add(group.Name);
                problems?.AddAll(local);
            }
        }

        foreach (string name in broken)
        {
            failed.Add(Key(SpecFileKind.TrapGroup, name));
        }

        var targets = new HashSet<string>(all.Select(r => r.Spec?.Mapping).Where(m => m is not null).Select(m => m!), StringComparer.Ordinal);
        var mapped = all.Select(r => r.Spec).Where(s => s is not null && targets.Contains(s.Name)).Select(s => s!).Distinct()
            .OrderBy(s => s.Path, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .GroupBy(s => s.Name, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(s => s.Name, StringComparer.Ordinal);

        return new SpecDefinitions(
            layouts.OrderBy(l => l.Name, StringComparer.Ordinal).ToEquatableArray(),
            groups.Where(g => !broken.Contains(g.Name)).OrderBy(g => g.Name, StringComparer.Ordinal).ToEquatableArray(),
            mapped.ToEquatableArray(),
            failed.OrderBy(f => f, StringComparer.Ordinal).ToEquatableArray());
    }

    internal static string Key(SpecFileKind kind, string name) => kind switch
    {
        SpecFileKind.Layout => "layout:",
        SpecFileKind.TrapGroup => "group:",
        _ => "register:",
    } + name;

    /// <summary>One definition per name, the first by path; a later one is reported in its own file, naming the first.</summary>
    private static List<T> FirstByPath<T>(IEnumerable<T> items, Func<T, string> name, Func<T, string> path, Func<T, LocationInfo> at,
        string what, Problems? problems, SpecPaths paths)
    {
        var kept = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (T item in items.OrderBy(path, StringComparer.Ordinal).ThenBy(i => at(i).Start))
        {
            if (kept.TryGetValue(name(item), out T? first))
            {
                problems?.ReportRelated(DiagnosticDescriptors.DuplicateDefinition, at(item), at(first), what, name(item), paths.Show(path(first)));
            }
            else
            {
                kept.Add(name(item), item);
            }
        }

        return kept.Values.ToList();
    }
}
