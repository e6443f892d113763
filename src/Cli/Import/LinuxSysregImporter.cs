using System;
using System.Collections.Generic;
using System.Linq;

namespace SysregGen.Cli.Import;

/// <summary>The specs an import produces (path relative to the output folder, and content) and its findings.</summary>
internal sealed record ImportResult(IReadOnlyDictionary<string, string> Files, IReadOnlyList<ImportDiagnostic> Diagnostics, int Registers, int Layouts)
{
    public int Errors => Diagnostics.Count(d => d.IsError);

    public int Warnings => Diagnostics.Count(d => !d.IsError);
}

/// <summary>
/// Turns Linux's arch/arm64/tools/sysreg into SysregGen specs: reads the blocks, checks what the
/// awk script checks plus what the spec format needs (distinct names, encodings, C# names), derives
/// what the file does not say, and renders one spec per register and one per shared layout.
/// </summary>
internal static class LinuxSysregImporter
{
    /// <param name="text">The file's text.</param>
    /// <param name="sourceName">How descriptions name the file ("sysreg").</param>
    public static ImportResult Import(string text, string sourceName)
    {
        var diagnostics = new List<ImportDiagnostic>();
        ImportedFile file = SysregParser.Parse(SysregReader.Read(text), diagnostics);

        List<ImportedLayout> layouts = Layouts(file, diagnostics);
        var layoutByName = layouts.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var brokenLayouts = file.Layouts.Where(l => l.Broken).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        List<ImportedRegister> registers = Registers(file, layoutByName, brokenLayouts, diagnostics);

        // A view of a register the import does not write would fail the spec set's own check (its
        // target must be a register of the set); views of views are left out in turn.
        for (bool changed = true; changed;)
        {
            var names = registers.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            List<ImportedRegister> orphans = registers.Where(r => r.Mapping is not null && !names.Contains(r.Mapping)).ToList();
            foreach (ImportedRegister r in orphans)
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.UnknownMapping, r.MappingAt.Line, r.MappingAt.Column, file.Registers.Any(o => o.Name == r.Mapping)
                    ? $"{r.Name} is a view of {r.Mapping}, which is not imported (see its errors); {r.Name} is not imported"
                    : $"{r.Name} is a view of {r.Mapping}, which the file does not define; {r.Name} is not imported"));
                registers.Remove(r);
            }

            changed = orphans.Count > 0;
        }

        ImportNaming.AssignTypeNames(registers, layouts);
        foreach (ImportedLayout l in layouts)
        {
            ImportNaming.NameFields(l.Body, l.Name, l.TypeName, diagnostics);
        }

        foreach (ImportedRegister r in registers)
        {
            ImportNaming.NameFields(r.Default, r.Name, r.TypeName!, diagnostics);
            foreach (FeatureLayout f in r.FeatureLayouts)
            {
                ImportNaming.NameFields(f.Body, $"{r.Name} ({f.Feature})", r.TypeName!, diagnostics);
            }
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (ImportedRegister r in registers)
        {
            var derived = new DerivedRegister(r, $"{r.Name} (imported from {sourceName} line {r.At.Line})",
                DerivedProperties.MinEl(r.Name, r.Encoding), DerivedProperties.Access(r.Encoding));
            files[r.Name + ".json"] = SpecJsonWriter.Register(derived);
        }

        foreach (ImportedLayout l in layouts)
        {
            files["layouts/" + l.Name + ".json"] = SpecJsonWriter.SharedLayout(l, $"{l.Name} fields (imported from {sourceName} line {l.At.Line})");
        }

        // Stable sort: findings at one place keep the order they were found in.
        List<ImportDiagnostic> sorted = diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Rule.Id, StringComparer.Ordinal).ToList();
        return new ImportResult(files, sorted, registers.Count, layouts.Count);
    }

    /// <summary>The SysregFields blocks that import: well-formed, covering, and the first of their name.</summary>
    private static List<ImportedLayout> Layouts(ImportedFile file, List<ImportDiagnostic> diagnostics)
    {
        var result = new List<ImportedLayout>();
        var seen = new Dictionary<string, ImportedLayout>(StringComparer.Ordinal);
        foreach (ImportedLayout l in file.Layouts)
        {
            if (seen.TryGetValue(l.Name, out ImportedLayout? first))
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.DuplicateLayout, l.At.Line, l.At.Column,
                    $"SysregFields {l.Name} is already defined at line {first.At.Line}; this one is not imported"));
                continue;
            }

            seen[l.Name] = l;
            if (!l.Broken && !LayoutCoverage.Check(l.Body, l.Name, diagnostics))
            {
                l.Broken = true;
            }

            if (!l.Broken)
            {
                result.Add(l);
            }
        }

        return result;
    }

    /// <summary>The Sysreg blocks that import: well-formed, covering, with a known layout, distinct in name and encoding.</summary>
    private static List<ImportedRegister> Registers(ImportedFile file, Dictionary<string, ImportedLayout> layouts, HashSet<string> brokenLayouts, List<ImportDiagnostic> diagnostics)
    {
        var result = new List<ImportedRegister>();
        var byName = new Dictionary<string, ImportedRegister>(StringComparer.Ordinal);
        var byEncoding = new Dictionary<SysregEncoding, ImportedRegister>();
        foreach (ImportedRegister r in file.Registers)
        {
            if (r.Broken || !Describes(r, layouts, brokenLayouts, diagnostics))
            {
                continue;
            }

            if (byName.TryGetValue(r.Name, out ImportedRegister? first))
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.DuplicateRegister, r.At.Line, r.At.Column,
                    $"Sysreg {r.Name} is already defined at line {first.At.Line}; this one is not imported"));
                continue;
            }

            if (byEncoding.TryGetValue(r.Encoding, out ImportedRegister? same))
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.DuplicateEncoding, r.At.Line, r.At.Column,
                    $"{r.Name} has encoding {r.Encoding}, which {same.Name} (line {same.At.Line}) already has; {r.Name} is not imported"));
                continue;
            }

            byName[r.Name] = r;
            byEncoding[r.Encoding] = r;
            result.Add(r);
        }

        return result;
    }

    /// <summary>Whether the register's bits are well described: a mapping, a known shared layout, or covering layouts.</summary>
    private static bool Describes(ImportedRegister r, Dictionary<string, ImportedLayout> layouts, HashSet<string> brokenLayouts, List<ImportDiagnostic> diagnostics)
    {
        if (r.Mapping is not null)
        {
            if (!r.Default.IsEmpty || r.FeatureLayouts.Count > 0)
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.MappingWithFields, r.MappingAt.Line, r.MappingAt.Column,
                    $"{r.Name} is a view of {r.Mapping} and also describes bits; a view has the layouts of its register, so its own are ignored"));
                r.Default = new LayoutBody(r.At);
                r.FeatureLayouts.Clear();
            }

            return true;
        }

        bool ok = true;
        if (r.Default.Use is { } use)
        {
            if (!layouts.ContainsKey(use))
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.UnknownLayout, r.Default.UseAt.Line, r.Default.UseAt.Column, brokenLayouts.Contains(use)
                    ? $"{r.Name} takes its fields from SysregFields {use}, which is not imported (see its errors); {r.Name} is not imported"
                    : $"{r.Name} takes its fields from SysregFields {use}, which the file does not define; {r.Name} is not imported"));
                ok = false;
            }
        }
        else if (!(r.Default.IsEmpty && r.FeatureLayouts.Count > 0))
        {
            ok &= LayoutCoverage.Check(r.Default, r.Name, diagnostics);
        }

        foreach (FeatureLayout f in r.FeatureLayouts)
        {
            ok &= LayoutCoverage.Check(f.Body, $"{r.Name} ({f.Feature})", diagnostics);
        }

        return ok;
    }
}
