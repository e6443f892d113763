using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SysregGen.Generator;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// The steps built from every spec read each spec's projection without descriptions or locations
/// (CrossSpecInput): these scenarios check, with the driver's step tracking, that an edit which
/// leaves every projection equal re-runs none of the cross-spec work, that one which changes what
/// the checks decide on re-runs it, and that either way the output (files and diagnostics, with
/// their places) is what a fresh run on the edited specs gives.
/// </summary>
public sealed class CrossSpecIncrementalTests
{
    private static readonly string[] s_crossSpecSteps =
        { TrackingNames.CrossSpecInputs, TrackingNames.Definitions, TrackingNames.BuildTables, TrackingNames.CatalogRows, TrackingNames.TableProjection, TrackingNames.EmitTables };

    private static string Spec(string name, int crm, string description = "d") => $$"""
        {
          "name": "{{name}}", "description": "{{description}}", "width": 64, "minEl": 1, "access": "RW",
          "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": {{crm}}, "op2": 0 },
          "layouts": [ { "fields": [ { "name": "V", "bits": "63:0", "access": "RW", "description": "the value" } ] } ]
        }
        """;

    [Fact]
    public void EditingADescription_LeavesTheCrossSpecChecksInputEqualAndTheirStepsCached()
    {
        List<InMemorySpec> specs = GeneratorHarness.ShippedSpecs().ToList();
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);

        InMemorySpec target = specs.Single(s => s.Path.EndsWith("CNTHCTL_EL2.json", StringComparison.Ordinal));
        var edited = new InMemorySpec(target.Path, target.Text.Replace("Counter-timer Hypervisor Control register", "Counter-timer Hypervisor Control", StringComparison.Ordinal));
        Assert.NotEqual(target.Text, edited.Text);
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(target, edited), compilation);

        // The edit moved the text after the description, so the parse result changed; its projection did not.
        Assert.Single(Outputs(second, TrackingNames.Parse), o => o == IncrementalStepRunReason.Modified);
        Assert.All(Outputs(second, TrackingNames.CrossSpecInput), o => Assert.True(o is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"projection changed: {o}"));
        AssertCached(second, s_crossSpecSteps);
        Assert.Single(Outputs(second, TrackingNames.Descriptions), o => o == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(second, TrackingNames.EmitCatalog), o => o == IncrementalStepRunReason.Modified);
        AssertAsFreshRun(second, specs.Select(s => s == target ? edited : s), compilation);
    }

    [Fact]
    public void EditingAFieldDescription_LeavesTheCrossSpecStepsCached()
    {
        var a = new InMemorySpec("specs/A.json", Spec("TEST_A_EL1", 1));
        var b = new InMemorySpec("specs/B.json", Spec("TEST_B_EL1", 2));
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver([a, b]), compilation);

        var edited = new InMemorySpec(a.Path, a.Text.Replace("the value", "the counter's value", StringComparison.Ordinal));
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(a, edited), compilation);

        AssertCached(second, s_crossSpecSteps);
        Assert.Contains("the counter's value", second.Sources["TestA.g.cs"], StringComparison.Ordinal);
        AssertAsFreshRun(second, [edited, b], compilation);
    }

    [Fact]
    public void EditingAnEncoding_RerunsTheCrossSpecChecks()
    {
        var a = new InMemorySpec("specs/A.json", Spec("TEST_A_EL1", 1));
        var b = new InMemorySpec("specs/B.json", Spec("TEST_B_EL1", 2));
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver([a, b]), compilation);

        var edited = new InMemorySpec(a.Path, Spec("TEST_A_EL1", 3));
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(a, edited), compilation);

        Assert.Single(Outputs(second, TrackingNames.CrossSpecInput), o => o == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(second, TrackingNames.BuildTables), o => o == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(second, TrackingNames.EmitTables), o => o == IncrementalStepRunReason.Modified);
        Assert.NotEqual(first.Sources["SysregGen.SysregCatalog.g.cs"], second.Sources["SysregGen.SysregCatalog.g.cs"]);
        AssertAsFreshRun(second, [edited, b], compilation);
    }

    [Fact]
    public void MovingTextInASpecWithACrossSpecError_MovesTheErrorWithoutRerunningTheChecks()
    {
        // B loses its encoding to A; the error is on B's encoding, and follows it when B's text moves.
        var a = new InMemorySpec("specs/A.json", Spec("TEST_A_EL1", 1));
        var b = new InMemorySpec("specs/B.json", Spec("TEST_B_EL1", 1));
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver([a, b]), compilation);
        Diagnostic before = Assert.Single(first.GeneratorDiagnostics);

        var moved = new InMemorySpec(b.Path, "\n\n" + b.Text);
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(b, moved), compilation);

        AssertCached(second, TrackingNames.BuildTables);
        Assert.Contains(Outputs(second, TrackingNames.CrossSpecDiagnostics), o => o == IncrementalStepRunReason.Modified);
        Diagnostic after = Assert.Single(second.GeneratorDiagnostics);
        Assert.Equal("SRG0011", after.Id);
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 2, after.Location.GetLineSpan().StartLinePosition.Line);
        AssertAsFreshRun(second, [a, moved], compilation);
    }

    [Fact]
    public void ListingAFileTwiceWithDifferentDescriptions_ChecksTheParsedSpecs()
    {
        // The projection cannot tell the two versions apart; the checks then read them as parsed,
        // and refuse the second with the error a fresh run gives.
        var spec = new InMemorySpec("specs/A.json", Spec("TEST_A_EL1", 1));
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver([spec]), compilation);

        var other = new InMemorySpec(spec.Path, Spec("TEST_A_EL1", 1, "edited"));
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.AddAdditionalTexts([other]), compilation);

        Assert.Contains(Outputs(second, TrackingNames.FilesListedTwice), o => o == IncrementalStepRunReason.Modified);
        Assert.Equal("SRG0010", Assert.Single(second.GeneratorDiagnostics).Id);
        AssertAsFreshRun(second, [spec, other], compilation);
    }

    [Fact]
    public void EditingOneOfManySpecs_AddsOnlyTheBatchesOfItsStructAndTheCatalogAgain()
    {
        List<InMemorySpec> specs = Enumerable.Range(0, 100)
            .Select(i => new InMemorySpec($"specs/S{i:D3}.json", Spec($"TEST_S{i:D3}_EL1", 0).Replace("\"crm\": 0, \"op2\": 0", $"\"crm\": {i / 8}, \"op2\": {i % 8}", StringComparison.Ordinal)))
            .ToList();
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);
        Assert.Empty(first.GeneratorDiagnostics);

        InMemorySpec target = specs[50];
        var edited = new InMemorySpec(target.Path, target.Text.Replace("\"d\"", "\"edited\"", StringComparison.Ordinal));
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(target, edited), compilation);

        // The files are added by one output per batch, plus one output for the diagnostics.
        var outputs = second.Result.TrackedOutputSteps.Values.SelectMany(steps => steps).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.True(outputs.Count > 4, $"{outputs.Count} outputs");
        Assert.InRange(outputs.Count(o => o is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New), 1, 2);
        AssertAsFreshRun(second, specs.Select(s => s == target ? edited : s), compilation);
    }

    private static void AssertCached(GeneratorOutput output, params string[] steps)
    {
        foreach (string step in steps)
        {
            Assert.All(Outputs(output, step), o => Assert.True(o is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} ran with reason {o}"));
        }
    }

    /// <summary>The incremental run's files and diagnostics are those of a fresh run on the same specs.</summary>
    private static void AssertAsFreshRun(GeneratorOutput incremental, IEnumerable<InMemorySpec> specs, Compilation compilation)
    {
        GeneratorOutput fresh = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);
        Assert.Equal(fresh.Sources.Keys.Order(StringComparer.Ordinal), incremental.Sources.Keys.Order(StringComparer.Ordinal));
        foreach ((string hint, string text) in fresh.Sources)
        {
            Assert.True(text == incremental.Sources[hint], $"{hint} differs from a fresh run's");
        }

        Assert.Equal(fresh.GeneratorDiagnostics.Select(Describe), incremental.GeneratorDiagnostics.Select(Describe));
    }

    private static string Describe(Diagnostic d) =>
        $"{d.Id} {d.Location.GetLineSpan()} {string.Join(";", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    private static IEnumerable<IncrementalStepRunReason> Outputs(GeneratorOutput output, string step) =>
        output.Result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason)
            : throw new InvalidOperationException($"step {step} was not tracked");
}
