using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SysregGen.Generator.Emitting;
using SysregGen.Specs;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;
using SysregGen.Specs.Validation;

namespace SysregGen.Generator;

/// <summary>
/// Turns register specs (AdditionalFiles with <c>SysregSpec="true"</c> metadata) into typed register
/// structs, encoding lookups, a trap-dispatch table and trap decisions. Reference specs
/// (<c>SysregSpecReference="true"</c>: the registers another model, such as SysregGen.Runtime's,
/// defines) only resolve the specs' trap-rule controls.
/// </summary>
/// <remarks>
/// Pipeline: each spec is parsed and validated on its own (<see cref="TrackingNames.Parse"/>) and its
/// struct emitted on its own (<see cref="TrackingNames.EmitRegister"/>), so editing one spec re-runs
/// only that spec's steps; the tables need every spec and are built from the collected parse
/// results (and the reference specs, parsed each on its own too), each first projected on what the
/// cross-spec checks decide on (<see cref="CrossSpecInput"/>: no descriptions, no locations), so an
/// edit of a description, or one that only moves text, leaves the checks and the tables cached and
/// re-runs only the step that puts the descriptions into the catalog. The MSBuild properties are read
/// into one equatable <see cref="GeneratorOptions"/>. One step looks at the compilation
/// (<see cref="TrackingNames.ProjectCheck"/>: can it take the generated code?) and reduces it to a
/// small equatable value. Every model is equatable and holds no Roslyn symbol, so an edit to C#
/// code leaves every step cached or unchanged.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class SysregGenerator : IIncrementalGenerator
{
    /// <summary>The namespace of the generated code unless the SysregGenNamespace MSBuild property says otherwise.</summary>
    public const string DefaultNamespace = TableModel.DefaultNamespace;

    internal const string SpecMetadata = "build_metadata.AdditionalFiles.SysregSpec";
    internal const string ReferenceMetadata = "build_metadata.AdditionalFiles.SysregSpecReference";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<GeneratorOptions> options = context.AnalyzerConfigOptionsProvider
            .Select((provider, _) => GeneratorOptions.From(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        IncrementalValueProvider<string> ns = options
            .Select((o, _) => o.Namespace)
            .WithTrackingName(TrackingNames.Namespace);

        IncrementalValueProvider<DiagnosticReporting> reporting = options
            .Select((o, _) => o.Reporting)
            .WithTrackingName(TrackingNames.Reporting);

        IncrementalValuesProvider<(AdditionalText File, SpecKind Kind)> files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select((pair, _) => (File: pair.Left, Kind: KindOf(pair.Right.GetOptions(pair.Left))))
            .Where(file => file.Kind != SpecKind.None)
            .WithTrackingName(TrackingNames.SpecFiles);

        IncrementalValuesProvider<SpecResult> parsed = files
            .Where(file => file.Kind == SpecKind.Spec)
            .Select((file, ct) => Parse(file.File, ct))
            .WithTrackingName(TrackingNames.Parse);

        // Their diagnostics are not this project's to fix, and are not reported; a reference spec
        // with errors resolves nothing. They are resolved (shared layouts, groups) among themselves.
        IncrementalValueProvider<EquatableArray<RegisterSpec>> references = files
            .Where(file => file.Kind == SpecKind.Reference)
            .Select((file, ct) => Parse(file.File, ct))
            .WithTrackingName(TrackingNames.ParseReference)
            .Collect()
            .Select((results, _) => ResolveReferences(results));

        // A file listed twice with different texts needs what the projection below leaves out.
        IncrementalValueProvider<bool> filesListedTwice = parsed
            .Collect()
            .Select((results, _) => FilesListedTwice.Any(results))
            .WithTrackingName(TrackingNames.FilesListedTwice);

        // What the steps built from every spec read of each: no descriptions and no locations
        // (CrossSpecInput), so a description edit (the most common one), or one that only moves
        // text, leaves the collected inputs equal, and the cross-spec checks, the tables and the
        // definitions are not run again. With a file listed twice the checks read the specs as
        // parsed; otherwise the last step returns the collected projections as they are, so it is
        // unchanged whenever they are.
        IncrementalValueProvider<ImmutableArray<SpecResult>> crossSpecInputs = parsed
            .Select((result, _) => CrossSpecInput.Of(result))
            .WithTrackingName(TrackingNames.CrossSpecInput)
            .Collect()
            .Combine(filesListedTwice)
            .Combine(parsed.Collect())
            .Select((input, _) => input.Left.Right ? input.Right : input.Left.Left)
            .WithTrackingName(TrackingNames.CrossSpecInputs);

        // The layouts, trap-rule groups and mapped registers that registers use across files. Equal
        // after an edit that touches none of them, so the registers' steps below stay cached.
        IncrementalValueProvider<SpecDefinitions> definitions = crossSpecInputs
            .Select((results, _) => Definitions(results))
            .WithTrackingName(TrackingNames.Definitions);

        IncrementalValuesProvider<GeneratedSource> registerSources = parsed
            .Where(result => result.Spec is not null)
            .Combine(definitions)
            .Combine(ns.Combine(filesListedTwice))
            .Select((pair, ct) => EmitRegister(pair.Left.Left.Spec!, pair.Left.Right, pair.Right.Left, pair.Right.Right))
            .WithTrackingName(TrackingNames.EmitRegister);

        // Each shared layout's type depends on its own file only.
        IncrementalValuesProvider<GeneratedSource> layoutSources = parsed
            .Where(result => result.Layout is not null)
            .Combine(ns)
            .Select((pair, ct) => EmitLayout(pair.Left.Layout!, pair.Right))
            .WithTrackingName(TrackingNames.EmitLayout);

        IncrementalValueProvider<(EquatableArray<RegisterSpec> References, (string Namespace, string SpecsFolder) Options)> tableSettings = references
            .Combine(options.Select((o, _) => (o.Namespace, o.SpecsFolder)));

        // The accepted registers come out in the projection's form, as they went in.
        IncrementalValueProvider<TableBuildResult> tables = crossSpecInputs
            .Combine(tableSettings)
            .Select((input, ct) => BuildTables(input.Left, input.Right.References, input.Right.Options.Namespace, input.Right.Options.SpecsFolder))
            .WithTrackingName(TrackingNames.BuildTables);

        // The checks' diagnostics above say what is wrong but not where. When there are any, the
        // checks run again on the located specs for that; when there are none (the usual case),
        // this step only sees so.
        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> crossSpecDiagnostics = tables
            .Select((result, _) => result.Diagnostics.Count > 0)
            .Combine(parsed.Collect())
            .Combine(tableSettings)
            .Select((input, ct) => input.Left.Left
                ? BuildTables(input.Left.Right, input.Right.References, input.Right.Options.Namespace, input.Right.Options.SpecsFolder).Diagnostics
                : EquatableArray<DiagnosticInfo>.Empty)
            .WithTrackingName(TrackingNames.CrossSpecDiagnostics);

        // The tables' model carries no descriptions (see above); the projection keeps it so should
        // that change.
        IncrementalValueProvider<EquatableArray<GeneratedSource>> tableSources = tables
            .Select((result, _) => result.Table.WithoutDescriptions())
            .WithTrackingName(TrackingNames.TableProjection)
            .Select((table, ct) => EmitTables(table))
            .WithTrackingName(TrackingNames.EmitTables);

        // Descriptions appear only in the structs and the catalog. The catalog's rows are written
        // from the tables, and a description edit re-runs only the step that puts the descriptions
        // in, which copies text.
        IncrementalValueProvider<CatalogRows> catalogRows = tables
            .Select((result, _) => WriteCatalogRows(result))
            .WithTrackingName(TrackingNames.CatalogRows);

        IncrementalValuesProvider<RegisterDescription> descriptions = parsed
            .Where(result => result.Spec is not null)
            .Select((result, _) => RegisterDescription.Of(result.Spec!))
            .WithTrackingName(TrackingNames.Descriptions);

        IncrementalValueProvider<EquatableArray<GeneratedSource>> catalogSource = catalogRows
            .Combine(descriptions.Collect())
            .Select((pair, ct) => EmitCatalog(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.EmitCatalog);

        // From the compilation, so it runs on every edit; its value is small and equatable, so an
        // edit that changes nothing it looks at stops there.
        IncrementalValueProvider<ProjectCheck> project = context.CompilationProvider
            .Combine(options.Select((o, _) => (o.Namespace, o.RootNamespace)))
            .Select((pair, ct) => CheckProject(pair.Left, pair.Right.Namespace, pair.Right.RootNamespace))
            .WithTrackingName(TrackingNames.ProjectCheck);

        // Only counted, for the framework that leaves reporting them to another (DiagnosticReporting).
        IncrementalValueProvider<int> specErrors = parsed
            .Select((result, _) => result.Diagnostics.Count)
            .Collect()
            .Select((counts, _) => counts.Sum())
            .WithTrackingName(TrackingNames.SpecErrors);

        context.RegisterSourceOutput(parsed.Combine(reporting), static (spc, pair) => SourceOutput.ReportSpec(spc, pair.Left, pair.Right));

        IncrementalValueProvider<OutputPlan> plan = registerSources.Collect().Combine(layoutSources.Collect()).Combine(tables.Combine(crossSpecDiagnostics))
            .Combine(tableSources.Combine(catalogSource)).Combine(reporting.Combine(specErrors)).Combine(project)
            .Select((input, _) =>
            {
                (((((ImmutableArray<GeneratedSource> registers, ImmutableArray<GeneratedSource> layouts), (TableBuildResult build, EquatableArray<DiagnosticInfo> diagnostics)), (EquatableArray<GeneratedSource> tables, EquatableArray<GeneratedSource> catalog)),
                    (DiagnosticReporting reporting, int errors)), ProjectCheck check) = input;

                // The catalog refers to the other table files: without them it is left out too.
                EquatableArray<GeneratedSource> tableFiles = tables.Any(t => t.Error is not null) ? tables : tables.Concat(catalog).ToEquatableArray();
                return SourceOutput.Plan(new SourceOutput.Inputs(registers.AddRange(layouts), build with { Diagnostics = diagnostics }, tableFiles, check), reporting, errors);
            })
            .WithTrackingName(TrackingNames.OutputPlan);

        context.RegisterSourceOutput(plan.Select((p, _) => p.Diagnostics), static (spc, diagnostics) => SourceOutput.Report(spc, diagnostics));

        // An unchanged batch's output is not run again: a one-spec edit adds the batches of its struct and the catalog.
        context.RegisterSourceOutput(plan.SelectMany((p, _) => p.Batches), static (spc, batch) => SourceOutput.Add(spc, batch));
    }

    /// <summary>A spec of this project, a reference spec, or neither; a file marked as both is this project's.</summary>
    internal static SpecKind KindOf(AnalyzerConfigOptions options) =>
        IsTrue(options, SpecMetadata) ? SpecKind.Spec : IsTrue(options, ReferenceMetadata) ? SpecKind.Reference : SpecKind.None;

    private static bool IsTrue(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

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
            return Failure(file.Path, Describe(ex));
        }
    }

    private static ProjectCheck CheckProject(Compilation compilation, string ns, string rootNamespace)
    {
        try
        {
            return ProjectCheck.Of(compilation, ns, rootNamespace);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ProjectCheck(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(""), Describe(ex)));
        }
    }

    private static SpecResult Failure(string path, string message) =>
        new(null, null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(path), message) }.ToEquatableArray());

    private static SpecDefinitions Definitions(ImmutableArray<SpecResult> results)
    {
        try
        {
            return SpecDefinitions.From(results);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The table step meets the same failure and reports it; registers that use nothing still generate.
            return SpecDefinitions.Empty;
        }
    }

    private static EquatableArray<RegisterSpec> ResolveReferences(ImmutableArray<SpecResult> results)
    {
        try
        {
            return SpecResolver.ResolveAll(results).ToEquatableArray();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return EquatableArray<RegisterSpec>.Empty;
        }
    }

    private static GeneratedSource EmitRegister(RegisterSpec unresolved, SpecDefinitions definitions, string ns, bool checksReadParsedSpecs)
    {
        RegisterSpec spec = unresolved;
        try
        {
            // What it uses from other files is filled in as the table step does it, so the output
            // step can match the two. A register that does not resolve generates nothing; the table
            // step reports why.
            if (SpecResolver.Resolve(unresolved, definitions, out _) is not { } resolved)
            {
                return new GeneratedSource(spec.TypeName + ".g.cs", "", null);
            }

            // The struct is emitted from the spec as written; it is tied to the spec as the cross-spec
            // checks resolve it (usually its CrossSpecInput), so the output step finds it among the
            // accepted ones.
            spec = resolved;
            RegisterSpec checkedForm = checksReadParsedSpecs ? resolved
                : SpecResolver.Resolve(CrossSpecInput.Of(unresolved), definitions, out _) ?? CrossSpecInput.Of(resolved);
            return new GeneratedSource(spec.TypeName + ".g.cs", RegisterEmitter.Emit(spec, ns), checkedForm);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No source is added for this register; the output step reports the failure at its spec.
            var error = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.NameLocation, Describe(ex));
            return new GeneratedSource(spec.TypeName + ".g.cs", "", spec, error);
        }
    }

    private static GeneratedSource EmitLayout(SharedLayoutSpec layout, string ns)
    {
        try
        {
            return new GeneratedSource(layout.TypeName + ".g.cs", SharedLayoutEmitter.Emit(layout, ns), null, Layout: layout);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, layout.NameLocation, Describe(ex));
            return new GeneratedSource(layout.TypeName + ".g.cs", "", null, error, layout);
        }
    }

    private static TableBuildResult BuildTables(ImmutableArray<SpecResult> results, EquatableArray<RegisterSpec> references, string ns, string specsFolder)
    {
        try
        {
            return TableBuilder.Build(results, ns, new SpecPaths(specsFolder), references);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(""), Describe(ex));
            return new TableBuildResult(TableModel.Empty(ns), EquatableArray<RegisterSpec>.Empty, new[] { diagnostic }.ToEquatableArray());
        }
    }

    /// <summary>An exception as an internal error's message: its type and message.</summary>
    private static string Describe(Exception ex) => ex.GetType().Name + ": " + ex.Message;

    /// <summary>No table file is added (they refer to each other); the output step reports why.</summary>
    private static EquatableArray<GeneratedSource> NoTables(DiagnosticInfo error) =>
        new[] { new GeneratedSource("", "", null, error) }.ToEquatableArray();

    private static CatalogRows WriteCatalogRows(TableBuildResult build)
    {
        try
        {
            return CatalogRows.Of(build);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new CatalogRows(build.Table.Namespace, EquatableArray<KeyedCatalogRow>.Empty, DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(""), Describe(ex)));
        }
    }

    private static EquatableArray<GeneratedSource> EmitCatalog(CatalogRows rows, ImmutableArray<RegisterDescription> descriptions)
    {
        if (rows.Error is { } error)
        {
            return NoTables(error);
        }

        try
        {
            // Two versions of one register share a key only when their file is listed twice; the
            // checks then read the specs as parsed, and the row has the accepted version's description.
            var byRegister = new Dictionary<RegisterKey, string?>();
            foreach (RegisterDescription d in descriptions)
            {
                byRegister[d.Register] = byRegister.TryGetValue(d.Register, out string? other) && other != d.Description ? null : d.Description;
            }

            string text = SysregCatalogEmitter.Assemble(rows.Namespace, rows.Rows.Select(r => (r.Row, byRegister[r.Register] ?? r.CheckedDescription)));
            return new[] { new GeneratedSource(SysregCatalogEmitter.HintName, text, null) }.ToEquatableArray();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return NoTables(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(""), Describe(ex)));
        }
    }

    private static EquatableArray<GeneratedSource> EmitTables(TableModel table)
    {
        try
        {
            return TableSources.Emit(table).Select(s => new GeneratedSource(s.HintName, s.Source, null)).ToEquatableArray();
        }
        catch (DispatchTableException ex)
        {
            return NoTables(DiagnosticInfo.Create(DiagnosticDescriptors.DispatchTableUnbuildable, LocationInfo.None(""), ex.Message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return NoTables(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.None(""), Describe(ex)));
        }
    }
}

/// <summary>What an additional file is to the generator.</summary>
internal enum SpecKind
{
    /// <summary>Not a spec.</summary>
    None,

    /// <summary>A spec of this project (SysregSpec="true").</summary>
    Spec,

    /// <summary>A reference spec (SysregSpecReference="true").</summary>
    Reference,
}
