using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SysregGen.Generator.Diagnostics;
using SysregGen.Generator.Emitting;
using SysregGen.Specs;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;
using SysregGen.Specs.Validation;

namespace SysregGen.Generator;

/// <summary>
/// Turns register specs (AdditionalFiles with <c>SysregSpec="true"</c> metadata) into typed register
/// structs, encoding lookups, a trap-dispatch table and trap decisions.
/// </summary>
/// <remarks>
/// Pipeline: each spec is parsed and validated on its own (<see cref="TrackingNames.Parse"/>) and its
/// struct emitted on its own (<see cref="TrackingNames.EmitRegister"/>), so editing one spec re-runs
/// only that spec's steps; the tables need every spec and are built from the collected parse
/// results. Every model is equatable and holds no Roslyn symbol, so an edit to C# code leaves every
/// step cached.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class SysregGenerator : IIncrementalGenerator
{
    /// <summary>The namespace of the generated code unless the SysregGenNamespace MSBuild property says otherwise.</summary>
    public const string DefaultNamespace = TableModel.DefaultNamespace;

    internal const string SpecMetadata = "build_metadata.AdditionalFiles.SysregSpec";
    internal const string NamespaceProperty = "build_property.SysregGenNamespace";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<string> ns = context.AnalyzerConfigOptionsProvider
            .Select((options, _) => NamespaceFrom(options))
            .WithTrackingName(TrackingNames.Namespace);

        IncrementalValuesProvider<AdditionalText> specFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(pair => IsSpec(pair.Right.GetOptions(pair.Left)))
            .Select((pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.SpecFiles);

        IncrementalValuesProvider<SpecResult> parsed = specFiles
            .Select((file, ct) => Parse(file, ct))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<GeneratedSource> registerSources = parsed
            .Where(result => result.Spec is not null)
            .Combine(ns)
            .Select((pair, ct) => EmitRegister(pair.Left.Spec!, pair.Right))
            .WithTrackingName(TrackingNames.EmitRegister);

        IncrementalValueProvider<TableBuildResult> tables = parsed
            .Collect()
            .Combine(ns)
            .Select((pair, ct) => BuildTables(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.BuildTables);

        IncrementalValueProvider<EquatableArray<GeneratedSource>> tableSources = tables
            .Select((result, ct) => EmitTables(result.Table))
            .WithTrackingName(TrackingNames.EmitTables);

        // Diagnostics of one spec are reported from that spec's own output, so they stay current
        // without touching the others.
        context.RegisterSourceOutput(parsed, static (spc, result) => Report(spc, result.Diagnostics));

        context.RegisterSourceOutput(
            registerSources.Collect().Combine(tables).Combine(tableSources),
            static (spc, input) =>
            {
                ((ImmutableArray<GeneratedSource> registers, TableBuildResult build), EquatableArray<GeneratedSource> tableFiles) = input;
                Report(spc, build.Diagnostics);

                // A spec that failed a cross-spec check (a duplicate, an unknown trap control) is
                // left out of the tables, so its struct is left out too.
                var accepted = build.Registers.Select(r => r.Path + "\n" + r.Name).ToImmutableHashSet(StringComparer.Ordinal);
                foreach (GeneratedSource source in registers.OrderBy(s => s.HintName, StringComparer.Ordinal))
                {
                    if (source.Error is not null)
                    {
                        spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(source.Error));
                    }
                    else if (source.Key is null || accepted.Contains(source.Key))
                    {
                        spc.AddSource(source.HintName, SourceText.From(source.Text, System.Text.Encoding.UTF8));
                    }
                }

                foreach (GeneratedSource source in tableFiles)
                {
                    if (source.Error is not null)
                    {
                        spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(source.Error));
                    }
                    else
                    {
                        spc.AddSource(source.HintName, SourceText.From(source.Text, System.Text.Encoding.UTF8));
                    }
                }
            });
    }

    internal static bool IsSpec(AnalyzerConfigOptions options) =>
        options.TryGetValue(SpecMetadata, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string NamespaceFrom(AnalyzerConfigOptionsProvider options)
    {
        if (options.GlobalOptions.TryGetValue(NamespaceProperty, out string? value) && value is not null)
        {
            string trimmed = value.Trim();
            if (trimmed.Length > 0 && trimmed.Split('.').All(Names.IsValidIdentifier))
            {
                return trimmed;
            }
        }

        return DefaultNamespace;
    }

    private static SpecResult Parse(AdditionalText file, System.Threading.CancellationToken ct)
    {
        try
        {
            SourceText? text = file.GetText(ct);
            if (text is null)
            {
                return Failure(file.Path, "the file could not be read");
            }

            return SpecChecker.Check(file.Path, text.ToString());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failure(file.Path, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static SpecResult Failure(string path, string message) =>
        new(null, null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(path), message) }.ToEquatableArray());

    private static GeneratedSource EmitRegister(RegisterSpec spec, string ns)
    {
        try
        {
            return new GeneratedSource(spec.TypeName + ".g.cs", RegisterEmitter.Emit(spec, ns), spec.Path + "\n" + spec.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No source is added for this register; the output step reports the failure at its spec.
            var error = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.NameLocation, ex.GetType().Name + ": " + ex.Message);
            return new GeneratedSource(spec.TypeName + ".g.cs", "", "failed\n" + spec.Name, error);
        }
    }

    private static TableBuildResult BuildTables(ImmutableArray<SpecResult> results, string ns)
    {
        try
        {
            return TableBuilder.Build(results, ns);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(""), ex.GetType().Name + ": " + ex.Message);
            return new TableBuildResult(TableModel.Empty(ns), EquatableArray<RegisterSpec>.Empty, new[] { diagnostic }.ToEquatableArray());
        }
    }

    private static EquatableArray<GeneratedSource> EmitTables(TableModel table)
    {
        try
        {
            return TableSources.Emit(table).Select(s => new GeneratedSource(s.HintName, s.Source, null)).ToEquatableArray();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No table file is added (they refer to each other); the output step reports why.
            var error = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(""), ex.GetType().Name + ": " + ex.Message);
            return new[] { new GeneratedSource("", "", null, error) }.ToEquatableArray();
        }
    }

    private static void Report(SourceProductionContext spc, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo d in diagnostics)
        {
            spc.ReportDiagnostic(RoslynDiagnostics.ToDiagnostic(d));
        }
    }
}
