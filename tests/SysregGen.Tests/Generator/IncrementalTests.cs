using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SysregGen.Generator;
using SysregGen.Specs.Model;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// The generator runs inside the IDE on every keystroke: these scenarios check, with the driver's
/// step tracking, that it redoes only the work an edit calls for, and that its output depends only
/// on the specs' contents, never on the order the compiler lists them in.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] s_steps =
    {
        TrackingNames.Options, TrackingNames.Namespace, TrackingNames.Reporting, TrackingNames.SpecFiles, TrackingNames.Parse,
        TrackingNames.SpecErrors, TrackingNames.ProjectCheck, TrackingNames.EmitRegister, TrackingNames.BuildTables, TrackingNames.EmitTables,
        TrackingNames.Definitions, TrackingNames.EmitLayout, TrackingNames.TableProjection, TrackingNames.EmitCatalog,
        TrackingNames.FilesListedTwice, TrackingNames.CrossSpecInput, TrackingNames.CrossSpecInputs, TrackingNames.CrossSpecDiagnostics,
        TrackingNames.CatalogRows, TrackingNames.Descriptions, TrackingNames.OutputPlan,
    };

    [Fact]
    public void EditingUnrelatedCSharp_LeavesEveryStepCachedOrUnchanged()
    {
        IReadOnlyList<InMemorySpec> specs = GeneratorHarness.ShippedSpecs();
        CSharpCompilation compilation = GeneratorHarness.Compilation("namespace User { public class C { } }");
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);

        CSharpCompilation edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace User { public class D { public int X; } }", GeneratorHarness.ParseOptions));
        GeneratorOutput second = GeneratorHarness.Run(first.Driver, edited);

        foreach (string step in s_steps)
        {
            Assert.All(Outputs(second, step), o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} ran with reason {o.Reason}"));
        }
    }

    [Fact]
    public void EditingOneSpec_RerunsOnlyThatSpecsSteps()
    {
        List<InMemorySpec> specs = GeneratorHarness.ShippedSpecs().ToList();
        CSharpCompilation compilation = GeneratorHarness.Compilation("namespace User { public class C { } }");
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);

        InMemorySpec target = specs.Single(s => s.Path.EndsWith("CNTHCTL_EL2.json", StringComparison.Ordinal));
        var edited = new InMemorySpec(target.Path, target.Text.Replace("Counter-timer Hypervisor Control register", "Counter-timer Hypervisor Control", StringComparison.Ordinal));
        Assert.NotEqual(target.Text, edited.Text);
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(target, edited), compilation);

        var parse = Outputs(second, TrackingNames.Parse).ToList();
        Assert.Equal(specs.Count, parse.Count);
        Assert.Single(parse, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(specs.Count - 1, parse.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

        var emit = Outputs(second, TrackingNames.EmitRegister).ToList();
        var modified = Assert.Single(emit, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("CNTHCTL_EL2: Counter-timer Hypervisor Control: traps", ((GeneratedSource)modified.Value).Text, StringComparison.Ordinal);
        Assert.All(emit.Where(o => o != modified), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void EditingADescription_LeavesEveryTableButTheCatalogCached()
    {
        List<InMemorySpec> specs = GeneratorHarness.ShippedSpecs().ToList();
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);

        InMemorySpec target = specs.Single(s => s.Path.EndsWith("CNTHCTL_EL2.json", StringComparison.Ordinal));
        var edited = new InMemorySpec(target.Path, target.Text.Replace("Counter-timer Hypervisor Control register", "Counter-timer Hypervisor Control", StringComparison.Ordinal));
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(target, edited), compilation);

        Assert.All(Outputs(second, TrackingNames.EmitTables), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"tables re-emitted: {o.Reason}"));
        Assert.Contains(Outputs(second, TrackingNames.EmitCatalog), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Counter-timer Hypervisor Control: traps", second.Sources["SysregGen.SysregCatalog.g.cs"], StringComparison.Ordinal);
        Assert.Equal(first.Sources["SysregGen.Enums.g.cs"], second.Sources["SysregGen.Enums.g.cs"]);
    }

    [Fact]
    public void EditingASharedLayout_RerunsTheRegistersUsingIt()
    {
        List<InMemorySpec> specs = GeneratorHarness.ShippedSpecs().ToList();
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);

        InMemorySpec target = specs.Single(s => s.Path.EndsWith("TIMER_CTL.json", StringComparison.Ordinal));
        var edited = new InMemorySpec(target.Path, target.Text.Replace("Masks the timer interrupt without", "Masks the interrupt without", StringComparison.Ordinal));
        Assert.NotEqual(target.Text, edited.Text);
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(target, edited), compilation);

        // The seven *_CTL registers use TIMER_CTL; their structs carry its field docs, so they, and
        // only they, are emitted again, with the layout's own type.
        var emit = Outputs(second, TrackingNames.EmitRegister).ToList();
        string[] modified = emit.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((GeneratedSource)o.Value).Spec!.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["CNTHPS_CTL_EL2", "CNTHP_CTL_EL2", "CNTHVS_CTL_EL2", "CNTHV_CTL_EL2", "CNTPS_CTL_EL1", "CNTP_CTL_EL0", "CNTV_CTL_EL0"], modified);
        Assert.All(emit.Where(o => o.Reason != IncrementalStepRunReason.Modified), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        var layout = Assert.Single(Outputs(second, TrackingNames.EmitLayout), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Masks the interrupt without", ((GeneratedSource)layout.Value).Text, StringComparison.Ordinal);
        Assert.Contains("Masks the interrupt without", second.Sources["CntvCtl.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void EditingAnUnrelatedRegister_DoesNotReemitTheSharedLayouts()
    {
        List<InMemorySpec> specs = GeneratorHarness.ShippedSpecs().ToList();
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);

        InMemorySpec target = specs.Single(s => s.Path.EndsWith("CNTHCTL_EL2.json", StringComparison.Ordinal));
        var edited = new InMemorySpec(target.Path, target.Text.Replace("Counter-timer Hypervisor Control register", "Counter-timer Hypervisor Control", StringComparison.Ordinal));
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(target, edited), compilation);

        Assert.Equal(3, Outputs(second, TrackingNames.EmitLayout).Count());
        Assert.All(Outputs(second, TrackingNames.EmitLayout), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"layout re-emitted: {o.Reason}"));
        Assert.All(Outputs(second, TrackingNames.Definitions), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"definitions changed: {o.Reason}"));
    }

    [Fact]
    public void MovingTextAroundInASpec_DoesNotReemitTheTables()
    {
        List<InMemorySpec> specs = GeneratorHarness.ShippedSpecs().ToList();
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);

        InMemorySpec target = specs.Single(s => s.Path.EndsWith("CNTP_CTL_EL0.json", StringComparison.Ordinal));
        var reindented = new InMemorySpec(target.Path, "\n\n" + target.Text.Replace("  ", "    ", StringComparison.Ordinal));
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(target, reindented), compilation);

        // Locations moved, so the parse result changed; the tables carry no locations.
        Assert.Contains(Outputs(second, TrackingNames.Parse), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Outputs(second, TrackingNames.EmitTables), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"tables re-emitted: {o.Reason}"));
    }

    [Fact]
    public void AddingASpec_IsNewForItAndCachedForTheOthers()
    {
        List<InMemorySpec> specs = GeneratorHarness.ShippedSpecs().ToList();
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs), compilation);

        var added = new InMemorySpec("specs/timer/TEST_NEW_EL1.json", """
            { "name": "TEST_NEW_EL1", "description": "new", "width": 64, "minEl": 1, "access": "RW",
              "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": 9, "op2": 0 },
              "layouts": [ { "fields": [ { "name": "V", "bits": "63:0", "access": "RW" } ] } ] }
            """);
        GeneratorOutput second = GeneratorHarness.Run(first.Driver.AddAdditionalTexts([added]), compilation);

        var parse = Outputs(second, TrackingNames.Parse).ToList();
        Assert.Single(parse, o => o.Reason == IncrementalStepRunReason.New);
        Assert.Equal(specs.Count, parse.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("TestNew.g.cs", second.Sources.Keys);
        Assert.Contains("TestNewEl1 = ", second.Sources["SysregGen.Enums.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void ShuffledInputOrder_GivesByteIdenticalOutput()
    {
        List<InMemorySpec> specs = GeneratorHarness.ShippedSpecs().ToList();
        IReadOnlyDictionary<string, string> expected = GeneratorHarness.Run(specs).Sources;

        var random = new Random(20161226);
        for (int round = 0; round < 5; round++)
        {
            List<InMemorySpec> shuffled = specs.OrderBy(_ => random.Next()).ToList();
            IReadOnlyDictionary<string, string> actual = GeneratorHarness.Run(shuffled).Sources;
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            foreach ((string hint, string text) in expected)
            {
                Assert.True(text == actual[hint], $"{hint} differs when specs arrive in another order");
            }
        }
    }

    [Fact]
    public void OnlyFilesMarkedAsSpecsAreRead()
    {
        // CNTVOFF_EL2 names no other register, so it generates on its own.
        var spec = GeneratorHarness.ShippedSpecs().Single(s => s.Path.EndsWith("CNTVOFF_EL2.json", StringComparison.Ordinal));
        var unrelated = new InMemorySpec("appsettings.json", "{ \"Logging\": {} }");
        GeneratorOutput output = GeneratorHarness.Run(
            new AdditionalText[] { spec, unrelated },
            options: new SpecOptionsProvider(isSpec: path => path != "appsettings.json"));

        // appsettings.json is not a spec, so it is neither parsed (no SRG diagnostics) nor generated.
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Single(output.Sources.Keys, k => !k.StartsWith("SysregGen.", StringComparison.Ordinal));
    }

    [Fact]
    public void TheNamespaceComesFromTheBuildProperty()
    {
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.ShippedSpecs(), options: new SpecOptionsProvider("My.Emulator.Registers"));
        Assert.All(output.Sources.Values, s => Assert.Contains("namespace My.Emulator.Registers", s, StringComparison.Ordinal));
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void PipelineModelsHoldNoRoslynOrJsonObjects()
    {
        // A broken spec too, so that the parse results carry diagnostics and locations.
        var broken = new InMemorySpec("specs/timer/BROKEN_EL1.json", "{ \"name\": \"BROKEN_EL1\", \"width\": \"64\" }");
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.ShippedSpecs().Append(broken));

        // Roslyn's objects, System.Text.Json's, and SysregGen.Specs' own JSON tree and readers: the
        // Specs model must be plain data too, since the pipeline caches it between runs.
        Assembly specs = typeof(SpecResult).Assembly;
        Type[] banned =
        [
            typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(AdditionalText),
            typeof(System.Text.Json.JsonElement), typeof(System.Text.Json.Nodes.JsonNode), typeof(IDictionary),
            .. new[] { "JsonNode", "JsonProperty", "JsonValueReader", "JsonObjectReader", "LineMap" }
                .Select(name => specs.GetType("SysregGen.Specs.Json." + name, throwOnError: true)!),
        ];
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (string step in new[] { TrackingNames.Parse, TrackingNames.ProjectCheck, TrackingNames.EmitRegister, TrackingNames.BuildTables, TrackingNames.EmitTables })
        {
            foreach ((object value, _) in Outputs(output, step))
            {
                AssertNoBannedTypes(value, banned, seen, step);
            }
        }

        // The walk did reach the Specs model, through every kind of step output.
        var reached = seen.Select(o => o.GetType()).ToHashSet();
        Assert.Superset(
            new HashSet<Type> { typeof(SpecResult), typeof(RegisterSpec), typeof(FieldSpec), typeof(DiagnosticInfo), typeof(LocationInfo), typeof(TableBuildResult), typeof(TableModel), typeof(AccessorEntry) },
            reached);
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorOutput output, string step) =>
        output.Result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(r => r.Outputs)
            : throw new InvalidOperationException($"step {step} was not tracked");

    private static void AssertNoBannedTypes(object? value, Type[] banned, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Type type = value.GetType();
        Assert.False(banned.Any(b => b.IsAssignableFrom(type)), $"{path} holds a {type.Name}");
        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoBannedTypes(item, banned, seen, path + "[]");
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoBannedTypes(field.GetValue(value), banned, seen, path + "." + field.Name);
        }
    }
}
