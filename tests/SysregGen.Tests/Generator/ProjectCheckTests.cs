using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SysregGen.Generator;
using SysregGen.Runtime.Timers;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// A consumer project whose references cannot take the generated code gets one error that says
/// what to set, and nothing generated: not the 179 CS0436 warnings of a model that clashes with
/// SysregGen.Runtime's, nor the CS0246 errors of one without SysregGen.Abstractions.
/// </summary>
public sealed class ProjectCheckTests
{
    private static readonly InMemorySpec s_spec = new("specs/TEST_OK_EL1.json", MalformedSpecTests.Bystander);

    /// <summary>What a consumer of the runtime package compiles against: the runtime, which carries SysregGen.Registers.</summary>
    private static CSharpCompilation ReferencingTheRuntime() =>
        GeneratorHarness.Compilation("namespace User { public class C { } }")
            .AddReferences(MetadataReference.CreateFromFile(typeof(VmTimers).Assembly.Location));

    private static SpecOptionsProvider Options(string? @namespace) =>
        new(@namespace, properties: new Dictionary<string, string> { ["RootNamespace"] = "SecureTimerEmulator" });

    [Fact]
    public void TheRuntimesNamespaceWithoutSysregGenNamespaceIsOneErrorAndNoCode()
    {
        GeneratorOutput output = GeneratorHarness.Run([s_spec], ReferencingTheRuntime(), Options(null));

        Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("SRG0034", error.Id);
        Assert.Equal(
            "Namespace 'SysregGen.Registers' already holds a SysregGen model, from the referenced assembly 'SysregGen.Runtime', so this project's would clash " +
            "with it (a CS0436 warning for every type); set <SysregGenNamespace> in your project file to a namespace of your own, such as " +
            "<SysregGenNamespace>SecureTimerEmulator.Registers</SysregGenNamespace>. Nothing is generated until then",
            error.GetMessage());
        Assert.Empty(output.Sources);
        Assert.DoesNotContain(output.CompilationProblems, d => d.Id == "CS0436");
    }

    [Fact]
    public void AnotherNamespaceGeneratesBesideTheRuntime()
    {
        GeneratorOutput output = GeneratorHarness.Run([s_spec], ReferencingTheRuntime(), Options("SecureTimerEmulator.Registers"));

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("TestOk.g.cs", output.Sources.Keys);
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void WithoutSysregGenAbstractionsItIsOneErrorAndNoCode()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation("namespace User { public class C { } }");
        compilation = compilation.RemoveReferences(compilation.References.Where(r => r.Display?.EndsWith("SysregGen.Abstractions.dll", StringComparison.Ordinal) == true));
        GeneratorOutput output = GeneratorHarness.Run([s_spec], compilation);

        Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("SRG0035", error.Id);
        Assert.Contains("<PackageReference Include=\"SysregGen.Abstractions\" Version=\"", error.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(output.Sources);
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void SpecErrorsAreStillReportedBesideIt()
    {
        var broken = new InMemorySpec("specs/BROKEN_EL1.json", "{ \"name\": \"BROKEN_EL1\" }");
        GeneratorOutput output = GeneratorHarness.Run([s_spec, broken], ReferencingTheRuntime(), Options(null));
        Assert.Contains(output.GeneratorDiagnostics, d => d.Id == "SRG0034");
        Assert.Contains(output.GeneratorDiagnostics, d => d.Id == "SRG0003");
    }

    [Fact]
    public void AnEditThatChangesNoReferenceStopsAtTheCheck()
    {
        CSharpCompilation compilation = ReferencingTheRuntime();
        GeneratorOutput first = GeneratorHarness.Run(GeneratorHarness.CreateDriver([s_spec], Options("My.Registers")), compilation);
        GeneratorOutput second = GeneratorHarness.Run(first.Driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }", GeneratorHarness.ParseOptions)));

        var check = second.Result.TrackedSteps[TrackingNames.ProjectCheck].SelectMany(s => s.Outputs).ToList();
        Assert.All(check, o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
    }
}
