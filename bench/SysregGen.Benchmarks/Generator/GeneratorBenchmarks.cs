using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SysregGen.Benchmarks.Generator;

/// <summary>
/// Issue 5, item 5: the source generator under <see cref="GeneratorDriver"/>, in memory, with step
/// tracking off (as the compiler and the IDE run it). Cold: a new driver runs on the shipped specs
/// (the baseline) and on 1,000 synthetic registers. Re-runs: a driver that has already run sees one
/// spec's description edited, or an unrelated C# edit, and runs again. Figures are per run; they
/// include the driver parsing the generated files into syntax trees, as it does in a build.
/// </summary>
/// <remarks>
/// Setup also runs the same edits once with step tracking on and fails unless the unrelated C#
/// edit leaves every step output cached or unchanged and the one-spec edit re-parses exactly one
/// spec; it prints what it found, and how long the first run in the process took (JIT included).
/// </remarks>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    public const int SyntheticCount = 1000;

    /// <summary>The size of Arm's own register description (issue 12's cold target).</summary>
    public const int LargeSyntheticCount = 1600;

    private static readonly string[] s_steps = { "SpecFiles", "Parse", "EmitRegister", "BuildTables", "EmitTables" };

    private IReadOnlyList<InMemorySpec> _shipped = null!;
    private IReadOnlyList<InMemorySpec> _synthetic = null!;
    private IReadOnlyList<InMemorySpec> _largeSynthetic = null!;
    private IReadOnlyList<InMemorySpec> _imported = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _editedCompilation = null!;
    private GeneratorDriver _warmShipped = null!;
    private GeneratorDriver _warmSynthetic = null!;
    private (InMemorySpec Old, InMemorySpec New) _shippedEdit;
    private (InMemorySpec Old, InMemorySpec New) _syntheticEdit;

    [GlobalSetup]
    public void Setup()
    {
        _shipped = GeneratorInputs.ShippedSpecs();
        _synthetic = GeneratorInputs.SyntheticSpecs(SyntheticCount);
        _largeSynthetic = GeneratorInputs.SyntheticSpecs(LargeSyntheticCount);
        _imported = GeneratorInputs.ImportedSpecs();
        _compilation = GeneratorInputs.Compilation("namespace User { public class C { } }");
        _editedCompilation = _compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace User { public class D { public int X; } }", GeneratorInputs.ParseOptions, path: "Edit.cs"));

        var clock = Stopwatch.StartNew();
        _warmShipped = GeneratorInputs.CreateDriver(_shipped).RunGenerators(_compilation);
        Console.WriteLine($"// Generator: first run in this process (shipped specs, JIT included): {clock.Elapsed.TotalMilliseconds:F1} ms");
        _warmSynthetic = GeneratorInputs.CreateDriver(_synthetic).RunGenerators(_compilation);

        InMemorySpec cnthctl = _shipped.Single(s => s.Path.EndsWith("CNTHCTL_EL2.json", StringComparison.Ordinal));
        _shippedEdit = (cnthctl, GeneratorInputs.EditDescription(cnthctl));
        InMemorySpec middle = _synthetic[SyntheticCount / 2];
        _syntheticEdit = (middle, GeneratorInputs.EditDescription(middle));

        CheckOutput(_warmShipped, _shipped.Count, "shipped specs");
        CheckOutput(_warmSynthetic, SyntheticCount, "synthetic specs");
        CheckOutput(GeneratorInputs.CreateDriver(_largeSynthetic).RunGenerators(_compilation), LargeSyntheticCount, "1,600 synthetic specs");
        CheckOutput(GeneratorInputs.CreateDriver(_imported).RunGenerators(_compilation), GeneratorInputs.ImportedRegisterCount, "imported specs");
        CheckIncrementality(_shipped, _shippedEdit, "shipped specs");
        CheckIncrementality(_synthetic, _syntheticEdit, $"{SyntheticCount} synthetic specs");
    }

    [Benchmark(Baseline = true, Description = "Cold: shipped specs (20)")]
    public GeneratorDriver ColdShipped() => GeneratorInputs.CreateDriver(_shipped).RunGenerators(_compilation);

    [Benchmark(Description = "Cold: 1,000 synthetic registers")]
    public GeneratorDriver ColdSynthetic() => GeneratorInputs.CreateDriver(_synthetic).RunGenerators(_compilation);

    [Benchmark(Description = "Cold: 1,600 synthetic registers")]
    public GeneratorDriver ColdLargeSynthetic() => GeneratorInputs.CreateDriver(_largeSynthetic).RunGenerators(_compilation);

    [Benchmark(Description = "Cold: imported Linux-format fixture (433 registers, 12 layouts)")]
    public GeneratorDriver ColdImported() => GeneratorInputs.CreateDriver(_imported).RunGenerators(_compilation);

    [Benchmark(Description = "One spec edited: shipped specs")]
    public GeneratorDriver EditOneSpecShipped() =>
        _warmShipped.ReplaceAdditionalText(_shippedEdit.Old, _shippedEdit.New).RunGenerators(_compilation);

    [Benchmark(Description = "One spec edited: 1,000 synthetic")]
    public GeneratorDriver EditOneSpecSynthetic() =>
        _warmSynthetic.ReplaceAdditionalText(_syntheticEdit.Old, _syntheticEdit.New).RunGenerators(_compilation);

    [Benchmark(Description = "Unrelated C# edit: shipped specs")]
    public GeneratorDriver UnrelatedEditShipped() => _warmShipped.RunGenerators(_editedCompilation);

    [Benchmark(Description = "Unrelated C# edit: 1,000 synthetic")]
    public GeneratorDriver UnrelatedEditSynthetic() => _warmSynthetic.RunGenerators(_editedCompilation);

    /// <summary>The run must succeed: no generator exception, no error, one struct per spec plus the tables.</summary>
    private static void CheckOutput(GeneratorDriver driver, int specs, string what)
    {
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException($"The generator threw on the {what}.", result.Exception);
        }

        Diagnostic? error = result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is not null)
        {
            throw new InvalidOperationException($"The generator reported an error on the {what}: {error}");
        }

        if (result.GeneratedSources.Length <= specs)
        {
            throw new InvalidOperationException($"The generator emitted {result.GeneratedSources.Length} files for {specs} {what}.");
        }
    }

    /// <summary>The re-run benchmarks are only meaningful if the generator caches as designed; check it with step tracking on.</summary>
    private void CheckIncrementality(IReadOnlyList<InMemorySpec> specs, (InMemorySpec Old, InMemorySpec New) edit, string what)
    {
        GeneratorDriver first = GeneratorInputs.CreateDriver(specs, trackSteps: true).RunGenerators(_compilation);

        GeneratorRunResult unrelated = first.RunGenerators(_editedCompilation).GetRunResult().Results.Single();
        var outputs = s_steps.SelectMany(step => Outputs(unrelated, step)).ToList();
        int notCached = outputs.Count(o => o is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Console.WriteLine($"// Generator, {what}: unrelated C# edit: {outputs.Count - notCached} of {outputs.Count} step outputs cached or unchanged");
        if (notCached != 0)
        {
            throw new InvalidOperationException($"An unrelated C# edit re-ran {notCached} generator step outputs on the {what}.");
        }

        GeneratorRunResult edited = first.ReplaceAdditionalText(edit.Old, edit.New).RunGenerators(_compilation).GetRunResult().Results.Single();
        int parsed = Outputs(edited, "Parse").Count(o => o is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        int emitted = Outputs(edited, "EmitRegister").Count(o => o is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        int tables = Outputs(edited, "EmitTables").Count(o => o is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        Console.WriteLine($"// Generator, {what}: one spec edited: {parsed} spec re-parsed, {emitted} struct re-emitted, tables re-emitted: {(tables == 0 ? "no" : "yes")}");
        if (parsed != 1 || emitted != 1)
        {
            throw new InvalidOperationException($"Editing one spec re-ran {parsed} parses and {emitted} emits on the {what}.");
        }
    }

    private static IEnumerable<IncrementalStepRunReason> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason)
            : throw new InvalidOperationException($"Step {step} was not tracked.");
}
