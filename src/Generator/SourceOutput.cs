using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SysregGen.Generator.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>
/// The generator's output step: reports the diagnostics and adds the files, with hint names no
/// input can make collide (Roslyn throws on a repeated hint name, compared without case, and a
/// generator must never throw).
/// </summary>
internal static class SourceOutput
{
    /// <summary>Adds the table files and the structs of the specs the cross-spec checks accepted.</summary>
    public static void Add(SourceProductionContext spc, ImmutableArray<GeneratedSource> registers, TableBuildResult build, EquatableArray<GeneratedSource> tableFiles)
    {
        Report(spc, build.Diagnostics);
        var hints = new HintNames();
        foreach (GeneratedSource source in tableFiles)
        {
            AddOrReport(spc, hints, source);
        }

        // A spec that failed a cross-spec check (a duplicate, an unknown trap control) is left out
        // of the tables, so its struct is left out too. Matching by the whole spec, not its path or
        // name, adds each accepted spec's struct once even when one file is listed twice.
        var accepted = new HashSet<RegisterSpec>(build.Registers);
        foreach (GeneratedSource source in registers
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ThenBy(s => s.Spec?.Path, StringComparer.Ordinal)
            .ThenBy(s => s.Spec?.Name, StringComparer.Ordinal))
        {
            if (source.Error is not null || (source.Spec is { } spec && accepted.Remove(spec)))
            {
                AddOrReport(spc, hints, source);
            }
        }
    }

    public static void Report(SourceProductionContext spc, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo d in diagnostics)
        {
            spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(d));
        }
    }

    private static void AddOrReport(SourceProductionContext spc, HintNames hints, GeneratedSource source)
    {
        if (source.Error is not null)
        {
            spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(source.Error));
        }
        else
        {
            spc.AddSource(hints.Claim(source.HintName, source.Spec?.Name), SourceText.From(source.Text, Encoding.UTF8));
        }
    }

    /// <summary>
    /// Hint names as Roslyn wants them: unique without regard to case, of identifier characters,
    /// '.', '-' and '_'. A register's file is named after its type (CntpCtl.g.cs), which the
    /// cross-spec checks make unique, but only with regard to case ("CntpCtl" and "Cntpctl" are
    /// two C# types); the second of those becomes CntpCtl.CNTPCTL_EL0.g.cs, and a number follows
    /// if even that is taken.
    /// </summary>
    internal sealed class HintNames
    {
        private const string Suffix = ".g.cs";
        private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

        public string Claim(string hintName, string? registerName)
        {
            string stem = Sanitize(hintName.EndsWith(Suffix, StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - Suffix.Length) : hintName);
            var candidates = new List<string> { stem };
            if (registerName is not null)
            {
                candidates.Add(stem + "." + Sanitize(registerName));
            }

            string? chosen = candidates.Select(c => c + Suffix).FirstOrDefault(c => !_used.Contains(c));
            for (int n = 2; chosen is null; n++)
            {
                string numbered = candidates[candidates.Count - 1] + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + Suffix;
                chosen = _used.Contains(numbered) ? null : numbered;
            }

            _used.Add(chosen);
            return chosen;
        }

        private static string Sanitize(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                sb.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
            }

            return sb.Length == 0 ? "_" : sb.ToString();
        }
    }
}
