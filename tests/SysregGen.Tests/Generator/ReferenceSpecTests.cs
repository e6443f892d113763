using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SysregGen.Generator;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// A consumer's spec may name, in its trap rules, a register the runtime package ships
/// (CNTHCTL_EL2.EL1PCEN): the runtime's specs reach the consumer's build as reference specs,
/// which resolve trap controls and do nothing else.
/// </summary>
public sealed class ReferenceSpecTests
{
    /// <summary>The secure EL1 timer's control register, trapping EL1 accesses as CNTP_CTL_EL0 does under E2H=0.</summary>
    private const string Consumer = """
        {
          "name": "TEST_SECURE_CTL_EL1", "description": "A consumer's register.", "width": 64, "minEl": 1, "access": "RW",
          "encoding": { "op0": 3, "op1": 7, "crn": 15, "crm": 2, "op2": 1 },
          "layouts": [ { "fields": [ { "name": "ENABLE", "bits": "0", "access": "RW" } ], "res0": ["63:1"] } ],
          "traps": [ { "el": 1, "when": { "e2h": 0 }, "trapIf": { "CNTHCTL_EL2.EL1PCEN": 0 }, "to": 2 } ]
        }
        """;

    private static readonly InMemorySpec s_consumer = new("consumer/specs/TEST_SECURE_CTL_EL1.json", Consumer);

    /// <summary>The shipped specs, as the runtime package would put them beside the consumer's.</summary>
    private static IEnumerable<InMemorySpec> References =>
        GeneratorHarness.SnapshotSpecs().Select(s => new InMemorySpec("packages/sysreggen.runtime/build/" + s.Path, s.Text));

    private static SpecOptionsProvider Options => new("Consumer.Registers", isReference: path => path.StartsWith("packages/", StringComparison.Ordinal));

    [Fact]
    public void WithoutTheReferencesTheControlIsUnknown()
    {
        Diagnostic error = Assert.Single(GeneratorHarness.Run([s_consumer], options: Options).GeneratorDiagnostics);
        Assert.Equal("SRG0013", error.Id);
    }

    [Fact]
    public void WithThemTheRuleResolvesAndTheTrapDecisionReadsTheControl()
    {
        GeneratorOutput output = GeneratorHarness.Run(References.Prepend(s_consumer), options: Options);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        Assert.Contains("public ulong Cnthctl { get; set; }", output.Sources["SysregGen.TrapDecisions.g.cs"], StringComparison.Ordinal);

        // EL1 under E2H=0 traps to EL2 while CNTHCTL_EL2.EL1PCEN (bit 1) is 0, and reaches the register once it is 1.
        Func<ulong, string> decide = Decider(output.OutputCompilation, "TestSecureCtlEl1", el: 1);
        Assert.Equal("trap to EL2", decide(0b00));
        Assert.Equal("access TestSecureCtl at EL1", decide(0b10));
    }

    [Fact]
    public void ReferencesGenerateNothingAndClashWithNothing()
    {
        // A consumer spec that reuses a shipped register's encoding (CNTP_CTL_EL0's) is no duplicate of it.
        var reusing = new InMemorySpec("consumer/specs/TEST_REUSE_EL1.json",
            Consumer.Replace("TEST_SECURE_CTL_EL1", "TEST_REUSE_EL1", StringComparison.Ordinal).Replace("\"op1\": 7, \"crn\": 15", "\"op1\": 3, \"crn\": 14", StringComparison.Ordinal));
        GeneratorOutput output = GeneratorHarness.Run(References.Prepend(s_consumer).Prepend(reusing), options: Options);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Equal(["TestReuse.g.cs", "TestSecureCtl.g.cs"], output.Sources.Keys.Where(k => !k.StartsWith("SysregGen.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("CNTHCTL_EL2", output.Sources["SysregGen.Enums.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("\"CNTP_CTL_EL0\"", output.Sources["SysregGen.SysregTable.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void AConsumerSpecWithTheSameNameShadowsTheReference()
    {
        // The consumer's own CNTHCTL_EL2 keeps EL1PCEN at bit 5: the rule reads that one.
        var own = new InMemorySpec("consumer/specs/CNTHCTL_EL2.json", """
            { "name": "CNTHCTL_EL2", "description": "Mine.", "width": 64, "minEl": 2, "access": "RW",
              "encoding": { "op0": 3, "op1": 4, "crn": 14, "crm": 1, "op2": 0 },
              "layouts": [ { "fields": [ { "name": "EL1PCEN", "bits": "5", "access": "RW" } ], "res0": ["63:6", "4:0"] } ] }
            """);
        GeneratorOutput output = GeneratorHarness.Run(References.Prepend(s_consumer).Prepend(own), options: Options);

        Assert.Empty(output.GeneratorDiagnostics);
        Func<ulong, string> decide = Decider(output.OutputCompilation, "TestSecureCtlEl1", el: 1);
        Assert.Equal("trap to EL2", decide(0b10));
        Assert.Equal("access TestSecureCtl at EL1", decide(1UL << 5));
    }

    [Fact]
    public void EditingUnrelatedCSharpLeavesTheReferencesCached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(References.Prepend(s_consumer), Options), compilation);
        GeneratorOutput second = GeneratorHarness.Run(first.Driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }", GeneratorHarness.ParseOptions)));

        var steps = new[] { TrackingNames.ParseReference, TrackingNames.BuildTables }.SelectMany(step => second.Result.TrackedSteps[step]).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(steps);
        Assert.All(steps, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    /// <summary>Loads the compiled output and returns CNTHCTL_EL2's value -> TrapDecisions.Decide(read, at <paramref name="el"/>, E2H=0).ToString().</summary>
    private static Func<ulong, string> Decider(Compilation compilation, string accessor, int el)
    {
        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);
        Assembly assembly = new AssemblyLoadContext(nameof(ReferenceSpecTests), isCollectible: true).LoadFromStream(new MemoryStream(image.ToArray()));
        Type controls = assembly.GetType("Consumer.Registers.TrapControls", throwOnError: true)!;
        Type accessors = assembly.GetType("Consumer.Registers.SysregAccessor", throwOnError: true)!;
        MethodInfo decide = assembly.GetType("Consumer.Registers.TrapDecisions", throwOnError: true)!.GetMethod("Decide")!;
        return cnthctl =>
        {
            object state = Activator.CreateInstance(controls)!;
            controls.GetProperty("Cnthctl")!.SetValue(state, cnthctl);
            return decide.Invoke(null, [Enum.Parse(accessors, accessor), false, el, state])!.ToString()!;
        };
    }
}
