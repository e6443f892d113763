using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SysregGen.Specs.Model;
using SysregGen.Specs.Validation;

namespace SysregGen.Specs;

/// <summary>
/// Spec files checked together, as a build sees them: each on its own (<see cref="SpecChecker"/>),
/// then the cross-spec checks and the tables (<see cref="TableBuilder"/>). What <c>sysreg lint</c>
/// reports on and <c>sysreg table</c> describes.
/// </summary>
public sealed class SpecSet
{
    private SpecSet(IReadOnlyList<string> files, IReadOnlyList<SpecResult> specs, TableBuildResult tables)
    {
        Files = files;
        Specs = specs;
        Tables = tables;
        Diagnostics = specs.SelectMany(s => s.Diagnostics).Concat(tables.Diagnostics)
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.StartLine).ThenBy(d => d.Location.StartColumn).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The spec files, in ordinal order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Each file's result on its own, in <see cref="Files"/> order.</summary>
    public IReadOnlyList<SpecResult> Specs { get; }

    /// <summary>The cross-spec checks' result: the tables of the specs that pass everything.</summary>
    public TableBuildResult Tables { get; }

    /// <summary>Every problem of every file, by file, line, column and id.</summary>
    public IReadOnlyList<DiagnosticInfo> Diagnostics { get; }

    /// <summary>Reads and checks the specs at <paramref name="paths"/>.</summary>
    /// <param name="paths">Spec files, or folders searched for them (see <see cref="FindFiles"/>).</param>
    /// <param name="namespace">The namespace the tables are for.</param>
    /// <param name="references">Reference specs (files or folders), whose registers trap rules may name, as a build's
    /// SysregGenReferenceSpec items are; only their valid specs count, and nothing is reported about them.</param>
    /// <returns>The checked set.</returns>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder.</exception>
    public static SpecSet Load(IEnumerable<string> paths, string @namespace = TableModel.DefaultNamespace, IEnumerable<string>? references = null)
    {
        IReadOnlyList<string> files = FindFiles(paths);
        SpecResult[] specs = files.Select(f => SpecChecker.Check(f, File.ReadAllText(f))).ToArray();
        RegisterSpec[] referenceSpecs = SpecResolver.ResolveAll(FindFiles(references ?? Enumerable.Empty<string>())
            .Select(f => SpecChecker.Check(f, File.ReadAllText(f))))
            .ToArray();
        return new SpecSet(files, specs, TableBuilder.Build(specs, @namespace, references: referenceSpecs));
    }

    /// <summary>
    /// The spec files at <paramref name="paths"/>: each file given, and every <c>*.json</c> file under
    /// each folder given, except JSON Schema files (<c>*.schema.json</c>, anything in a <c>schema</c>
    /// folder), as the generator's build props choose them.
    /// </summary>
    /// <param name="paths">Files and folders.</param>
    /// <returns>The files, without repeats, in ordinal order.</returns>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder; its <see cref="FileNotFoundException.FileName"/> says which.</exception>
    public static IReadOnlyList<string> FindFiles(IEnumerable<string> paths)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.UnionWith(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Where(f => !IsSchema(f.Substring(path.Length))));
            }
            else
            {
                throw new FileNotFoundException("No such file or directory.", path);
            }
        }

        return files.ToList();
    }

    /// <param name="relative">The file's path below the folder searched (so that a folder that is itself under a "schema" folder still counts).</param>
    private static bool IsSchema(string relative) =>
        relative.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase) ||
        ("/" + relative.Replace('\\', '/')).IndexOf("/schema/", StringComparison.Ordinal) >= 0;
}
