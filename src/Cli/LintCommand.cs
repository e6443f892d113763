using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SysregGen.Generator;
using SysregGen.Specs;
using SysregGen.Specs.Model;
using SysregGen.Specs.Validation;

namespace SysregGen.Cli;

/// <summary>
/// <c>sysreg lint PATH...</c>: checks spec files with the generator's own parser, validator and
/// cross-spec checks, and prints each problem as a compiler would: <c>file(line,col): error SRGnnnn: message</c>.
/// </summary>
internal static class LintCommand
{
    public const int Clean = 0;
    public const int Errors = 1;
    public const int Usage = 2;

    public static int Run(IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
                    .Where(f => !f.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase) &&
                                !f.Replace('\\', '/').Contains("/schema/", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                error.WriteLine($"sysreg lint: no such file or directory: {path}");
                return Usage;
            }
        }

        var results = new List<SpecResult>();
        foreach (string file in files.Distinct(StringComparer.Ordinal))
        {
            results.Add(SpecChecker.Check(file, File.ReadAllText(file)));
        }

        TableBuildResult tables = TableBuilder.Build(results, SysregGenerator.DefaultNamespace);
        var diagnostics = results.SelectMany(r => r.Diagnostics).Concat(tables.Diagnostics)
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.StartLine).ThenBy(d => d.Location.StartColumn).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        foreach (DiagnosticInfo d in diagnostics)
        {
            output.WriteLine($"{d.Location.ToDisplayString()}: error {d.Id}: {d.FormatMessage()}");
        }

        output.WriteLine($"lint: {files.Count} spec(s), {tables.Registers.Count} valid, {diagnostics.Count} error(s)");
        return diagnostics.Count == 0 ? Clean : Errors;
    }
}
