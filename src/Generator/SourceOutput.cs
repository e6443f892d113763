using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SysregGen.Generator.Diagnostics;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>
/// The generator's output step: reports the diagnostics (unless another target framework does, see
/// <see cref="DiagnosticReporting"/>) and adds the files, with hint names no input can make collide
/// (Roslyn throws on a repeated hint name, compared without case, and a generator must never throw).
/// </summary>
internal static class SourceOutput
{
    /// <summary>Adds the table files and the structs of the specs the cross-spec checks accepted, unless the project cannot compile them.</summary>
    /// <param name="spc">The output context.</param>
    /// <param name="inputs">What the pipeline built.</param>
    /// <param name="reporting">Whether this compilation reports diagnostics.</param>
    /// <param name="specErrors">How many errors the specs have on their own (reported by each spec's own output).</param>
    public static void Add(SourceProductionContext spc, Inputs inputs, DiagnosticReporting reporting, int specErrors)
    {
        (ImmutableArray<GeneratedSource> registers, TableBuildResult build, EquatableArray<GeneratedSource> tableFiles, ProjectCheck project) = inputs;
        var reporter = new Reporter(spc, reporting);
        reporter.Report(build.Diagnostics);
        if (project.Problem is { } problem)
        {
            // One clear error instead of the hundreds the generated code would cause.
            reporter.Report(new[] { problem }.ToEquatableArray());
            reporter.Finish(specErrors);
            return;
        }

        var hints = new HintNames();
        foreach (GeneratedSource source in tableFiles)
        {
            AddOrReport(spc, reporter, hints, source);
        }

        // A spec that failed a cross-spec check (a duplicate, an unknown trap control) is left out
        // of the tables, so its struct is left out too. Matching by the whole spec, not its path or
        // name, adds each accepted spec's struct once even when one file is listed twice.
        var accepted = new HashSet<RegisterSpec>(build.Registers);
        var acceptedLayouts = new HashSet<SharedLayoutSpec>(build.Layouts);
        foreach (GeneratedSource source in registers
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ThenBy(s => s.Spec?.Path ?? s.Layout?.Path, StringComparer.Ordinal)
            .ThenBy(s => s.Spec?.Name ?? s.Layout?.Name, StringComparer.Ordinal))
        {
            if (source.Error is not null || (source.Spec is { } spec && accepted.Remove(spec)) || (source.Layout is { } layout && acceptedLayouts.Remove(layout)))
            {
                AddOrReport(spc, reporter, hints, source);
            }
        }

        reporter.Finish(specErrors);
    }

    /// <summary>One spec's own diagnostics, from that spec's output, so they stay current without touching the others.</summary>
    public static void ReportSpec(SourceProductionContext spc, SpecResult result, DiagnosticReporting reporting)
    {
        if (reporting.Report)
        {
            new Reporter(spc, reporting).Report(result.Diagnostics);
        }
    }

    private static void AddOrReport(SourceProductionContext spc, Reporter reporter, HintNames hints, GeneratedSource source)
    {
        if (source.Error is not null)
        {
            reporter.Report(new[] { source.Error }.ToEquatableArray());
        }
        else
        {
            spc.AddSource(hints.Claim(source.HintName, source.Spec?.Name ?? source.Layout?.Name), SourceText.From(source.Text, Encoding.UTF8));
        }
    }

    /// <summary>What the output step adds: every valid spec's struct (and shared layout's type), the cross-spec checks' result, the table files, and whether the project can compile them.</summary>
    internal sealed record Inputs(ImmutableArray<GeneratedSource> Registers, TableBuildResult Build, EquatableArray<GeneratedSource> TableFiles, ProjectCheck Project);

    /// <summary>Reports diagnostics, or, where another target framework reports them, counts them and says so once.</summary>
    private sealed class Reporter(SourceProductionContext spc, DiagnosticReporting reporting)
    {
        private int _withheld;

        public void Report(EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (DiagnosticInfo d in diagnostics)
            {
                if (reporting.Report)
                {
                    spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(d));
                }
                else
                {
                    _withheld++;
                }
            }
        }

        /// <param name="withheldElsewhere">The specs' own errors, which their own outputs withheld.</param>
        public void Finish(int withheldElsewhere)
        {
            int count = _withheld + (reporting.Report ? 0 : withheldElsewhere);
            if (count > 0)
            {
                string framework = reporting.ReportingFramework.Length > 0 ? reporting.ReportingFramework : "first target framework's";
                spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ReportedByAnotherFramework, LocationInfo.None(""), count.ToString(System.Globalization.CultureInfo.InvariantCulture), framework)));
            }
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
