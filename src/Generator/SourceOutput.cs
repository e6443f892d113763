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
/// The generator's output: what it reports (unless another target framework does, see
/// <see cref="DiagnosticReporting"/>) and the files it adds, with hint names no input can make
/// collide (Roslyn throws on a repeated hint name, compared without case, and a generator must never
/// throw). <see cref="Plan"/> decides both as data; the files are then added in batches, each by
/// its own output: Roslyn checks each added hint name against every other of the same output one by
/// one, which for ~1,000 files in one output took ~8 ms on every run, and an output whose batch is
/// unchanged is not run at all. There are at most <see cref="MaxBatches"/>: with step tracking on
/// (generator tests), Roslyn walks every output's whole input graph without remembering what it has
/// visited, which costs each output time in proportion to the square of the specs, so a batch count
/// that grew with the specs made a tracked run at 1,600 specs take minutes.
/// </summary>
internal static class SourceOutput
{
    /// <summary>Files per output at least: a small project's files go in one or a few outputs.</summary>
    public const int MinBatchSize = 32;

    /// <summary>Outputs at most: few enough for a tracked run, small enough batches (~60 files at 1,000 specs) for Roslyn's hint-name check and a one-spec edit.</summary>
    public const int MaxBatches = 16;

    /// <summary>What to add and report: the table files and the structs of the specs the cross-spec checks accepted, unless the project cannot compile them.</summary>
    /// <param name="inputs">What the pipeline built.</param>
    /// <param name="reporting">Whether this compilation reports diagnostics.</param>
    /// <param name="specErrors">How many errors the specs have on their own (reported by each spec's own output).</param>
    /// <returns>The plan.</returns>
    public static OutputPlan Plan(Inputs inputs, DiagnosticReporting reporting, int specErrors)
    {
        (ImmutableArray<GeneratedSource> registers, TableBuildResult build, EquatableArray<GeneratedSource> tableFiles, ProjectCheck project) = inputs;
        var reporter = new Reporter(reporting);
        var files = new List<PlannedSource>();
        reporter.Report(build.Diagnostics);
        if (project.Problem is { } problem)
        {
            // One clear error instead of the hundreds the generated code would cause.
            reporter.Report(problem);
            return new OutputPlan(EquatableArray<SourceBatch>.Empty, reporter.Finish(specErrors));
        }

        var hints = new HintNames();
        foreach (GeneratedSource source in tableFiles)
        {
            AddOrReport(files, reporter, hints, source);
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
                AddOrReport(files, reporter, hints, source);
            }
        }

        return new OutputPlan(Batches(files), reporter.Finish(specErrors));
    }

    /// <summary>Adds one batch of the plan's files.</summary>
    public static void Add(SourceProductionContext spc, SourceBatch batch)
    {
        foreach (PlannedSource file in batch.Files)
        {
            spc.AddSource(file.HintName, SourceText.From(file.Text, Encoding.UTF8));
        }
    }

    /// <summary>Reports the plan's diagnostics.</summary>
    public static void Report(SourceProductionContext spc, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo d in diagnostics)
        {
            spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(d));
        }
    }

    /// <summary>One spec's own diagnostics, from that spec's output, so they stay current without touching the others.</summary>
    public static void ReportSpec(SourceProductionContext spc, SpecResult result, DiagnosticReporting reporting)
    {
        if (reporting.Report)
        {
            Report(spc, result.Diagnostics);
        }
    }

    private static void AddOrReport(List<PlannedSource> files, Reporter reporter, HintNames hints, GeneratedSource source)
    {
        if (source.Error is not null)
        {
            reporter.Report(source.Error);
        }
        else
        {
            files.Add(new PlannedSource(hints.Claim(source.HintName, source.Spec?.Name ?? source.Layout?.Name), source.Text));
        }
    }

    internal static EquatableArray<SourceBatch> Batches(IReadOnlyList<PlannedSource> files)
    {
        int size = Math.Max(MinBatchSize, (files.Count + MaxBatches - 1) / MaxBatches);
        var batches = new List<SourceBatch>((files.Count + size - 1) / size);
        for (int start = 0; start < files.Count; start += size)
        {
            batches.Add(new SourceBatch(files.Skip(start).Take(size).ToEquatableArray()));
        }

        return batches.ToEquatableArray();
    }

    /// <summary>What the output step adds: every valid spec's struct (and shared layout's type), the cross-spec checks' result, the table files, and whether the project can compile them.</summary>
    internal sealed record Inputs(ImmutableArray<GeneratedSource> Registers, TableBuildResult Build, EquatableArray<GeneratedSource> TableFiles, ProjectCheck Project);

    /// <summary>Collects the diagnostics to report, or, where another target framework reports them, counts them and says so once.</summary>
    private sealed class Reporter(DiagnosticReporting reporting)
    {
        private readonly List<DiagnosticInfo> _reported = new();
        private int _withheld;

        public void Report(EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (DiagnosticInfo d in diagnostics)
            {
                Report(d);
            }
        }

        public void Report(DiagnosticInfo diagnostic)
        {
            if (reporting.Report)
            {
                _reported.Add(diagnostic);
            }
            else
            {
                _withheld++;
            }
        }

        /// <param name="withheldElsewhere">The specs' own errors, which their own outputs withheld.</param>
        /// <returns>What to report.</returns>
        public EquatableArray<DiagnosticInfo> Finish(int withheldElsewhere)
        {
            int count = _withheld + (reporting.Report ? 0 : withheldElsewhere);
            if (count > 0)
            {
                string framework = reporting.ReportingFramework.Length > 0 ? reporting.ReportingFramework : "first target framework's";
                _reported.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ReportedByAnotherFramework, LocationInfo.None(""), count.ToString(System.Globalization.CultureInfo.InvariantCulture), framework));
            }

            return _reported.ToEquatableArray();
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

/// <summary>What the generator adds and reports (<see cref="SourceOutput.Plan"/>).</summary>
/// <param name="Batches">The files, in at most <see cref="SourceOutput.MaxBatches"/> batches of at least <see cref="SourceOutput.MinBatchSize"/>.</param>
/// <param name="Diagnostics">The diagnostics, in the order they are reported.</param>
internal sealed record OutputPlan(EquatableArray<SourceBatch> Batches, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Files one output adds.</summary>
/// <param name="Files">The files.</param>
internal sealed record SourceBatch(EquatableArray<PlannedSource> Files);

/// <summary>A file under the hint name it is added with.</summary>
/// <param name="HintName">The unique hint name.</param>
/// <param name="Text">The C# text.</param>
internal sealed record PlannedSource(string HintName, string Text);
