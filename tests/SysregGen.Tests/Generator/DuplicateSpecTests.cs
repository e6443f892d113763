using Microsoft.CodeAnalysis;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// Two specs that claim the same thing, as when a user adds a register whose name or encoding an
/// existing one has. The spec whose path sorts first keeps generating, whatever order the compiler
/// lists the files in; the other gets one error, in its own file, that names the first file and
/// points at the clashing line there as its related location; and nothing ever throws.
/// </summary>
public sealed class DuplicateSpecTests
{
    private const string SpecsFolder = "/project/specs/";
    private const string First = SpecsFolder + "timer/FIRST.json";
    private const string Second = SpecsFolder + "user/SECOND.json";

    private static string Spec(string name, int crm, string extra = "") => $$"""
        {
          "name": "{{name}}", "description": "d", "width": 64, "minEl": 1, "access": "RW",{{extra}}
          "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": {{crm}}, "op2": 0 },
          "layouts": [ { "fields": [ { "name": "V", "bits": "63:0", "access": "RW" } ] } ]
        }
        """;

    private static string Alias(string name) =>
        $$""" "aliases": [ { "name": "{{name}}", "encoding": { "op0": 3, "op1": 5, "crn": 15, "crm": 1, "op2": 0 }, "minEl": 2 } ],""";

    private static string AArch32(string name) =>
        $$""" "aarch32": { "name": "{{name}}", "coproc": 15, "opc1": 0, "crn": 15, "crm": 1, "opc2": 0 },""";

    private const string Timer = """ "timer": { "timer": "Physical", "register": "Ctl" },""";

    public static TheoryData<string, string, string, string, string, string> Clashes => new()
    {
        // kind, first spec, second spec, expected id, the text in the first spec the error's related location points at, the message
        { "same name", Spec("TEST_DUP_EL1", 1), Spec("TEST_DUP_EL1", 2), "SRG0010", "\"TEST_DUP_EL1\"",
            "The name 'TEST_DUP_EL1' is already used by 'TEST_DUP_EL1' in timer/FIRST.json" },
        { "same AArch64 encoding", Spec("TEST_ONE_EL1", 1), Spec("TEST_TWO_EL1", 1), "SRG0011", "{ \"op0\"",
            "AArch64 encoding op0=3, op1=0, CRn=15, CRm=1, op2=0 of 'TEST_TWO_EL1' is already used by 'TEST_ONE_EL1' (TEST_ONE_EL1) in timer/FIRST.json" },
        { "same alias encoding", Spec("TEST_ONE_EL1", 1, Alias("TEST_ONE_EL12")), Spec("TEST_TWO_EL1", 2, Alias("TEST_TWO_EL12")), "SRG0011", "{ \"name\": \"TEST_ONE_EL12\"",
            "AArch64 encoding op0=3, op1=5, CRn=15, CRm=1, op2=0 of 'TEST_TWO_EL12' is already used by 'TEST_ONE_EL12' (TEST_ONE_EL1) in timer/FIRST.json" },
        { "same AArch32 view", Spec("TEST_ONE_EL1", 1, AArch32("TEST_ONE")), Spec("TEST_TWO_EL1", 2, AArch32("TEST_TWO")), "SRG0011", "{ \"name\": \"TEST_ONE\"",
            "AArch32 encoding p15, 0, c15, c1, 0 of 'TEST_TWO' is already used by 'TEST_ONE' (TEST_ONE_EL1) in timer/FIRST.json" },
        { "same type name", Spec("TEST_ONE_EL1", 1), Spec("TEST_ONE_EL2", 2), "SRG0022", "\"TEST_ONE_EL1\"",
            "'TEST_ONE_EL2' would generate type 'TestOne', which 'TEST_ONE_EL1' in timer/FIRST.json already generates; set \"typeName\"" },
        { "same timer meaning", Spec("TEST_ONE_EL1", 1, Timer), Spec("TEST_TWO_EL1", 2, Timer), "SRG0021", "{ \"timer\"",
            "'TEST_TWO_EL1' claims timer Physical, register Ctl, which 'TEST_ONE_EL1' in timer/FIRST.json already claims; each timer register has one spec (use aliases for other encodings)" },
    };

    [Theory]
    [MemberData(nameof(Clashes))]
    public void TheSecondSpecGetsOneErrorNamingTheFirstAndTheFirstStillGenerates(string kind, string first, string second, string id, string relatedText, string message)
    {
        foreach (bool reversed in new[] { false, true })
        {
            var files = new List<InMemorySpec> { new(First, first), new(Second, second) };
            if (reversed)
            {
                files.Reverse(); // the compiler's order of the files decides nothing
            }

            GeneratorOutput output = GeneratorHarness.Run(files, options: new SpecOptionsProvider(properties: new Dictionary<string, string> { ["SysregGenSpecsDir"] = SpecsFolder }));

            Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
            Assert.True((id, message) == (error.Id, error.GetMessage()), $"{kind}: {error}");
            Assert.Equal(Second, error.Location.GetLineSpan().Path);
            Location related = Assert.Single(error.AdditionalLocations);
            Assert.Equal(First, related.GetLineSpan().Path);
            Assert.Equal(first.IndexOf(relatedText, StringComparison.Ordinal), related.SourceSpan.Start);

            // The first keeps its struct and its table entries; the second adds nothing.
            string firstType = kind == "same name" ? "TestDup" : "TestOne";
            Assert.Contains(firstType + ".g.cs", output.Sources.Keys);
            Assert.Single(output.Sources.Keys, k => !k.StartsWith("SysregGen.", StringComparison.Ordinal));
            Assert.Contains($"{firstType} = 0", output.Sources["SysregGen.Enums.g.cs"], StringComparison.Ordinal);
            Assert.DoesNotContain("TestTwo", output.Sources["SysregGen.Enums.g.cs"], StringComparison.Ordinal);
            Assert.Empty(output.CompilationProblems);
        }
    }

    [Fact]
    public void ThePathThatSortsFirstWinsWhicheverFileIsNew()
    {
        // An existing register in specs/timer/ and a new one in specs/alpha/ that reuses its encoding:
        // "alpha" sorts first, so the new one generates and the existing one gets the error. The
        // rule is the paths' ordinal order, the one thing every build agrees on.
        var existing = new InMemorySpec(SpecsFolder + "timer/TEST_OLD_EL1.json", Spec("TEST_OLD_EL1", 1));
        var added = new InMemorySpec(SpecsFolder + "alpha/TEST_NEW_EL1.json", Spec("TEST_NEW_EL1", 1));
        GeneratorOutput output = GeneratorHarness.Run([existing, added]);

        Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal(existing.Path, error.Location.GetLineSpan().Path);
        Assert.Contains($"in {added.Path}", error.GetMessage(), StringComparison.Ordinal); // no specs folder given: the path as given
        Assert.Contains("TestNew.g.cs", output.Sources.Keys);
        Assert.DoesNotContain("TestOld.g.cs", output.Sources.Keys);
    }

    [Fact]
    public void ARegisterThatNamesARefusedSpecIsLeftOutWithoutASecondError()
    {
        // TEST_TWO_EL1 loses its encoding to TEST_ONE_EL1; TEST_USER_EL1's trap rule reads it, and
        // without it the rule cannot be generated. One error, on the refused spec, says why.
        var one = new InMemorySpec("a/ONE.json", Spec("TEST_ONE_EL1", 1));
        var two = new InMemorySpec("b/TWO.json", Spec("TEST_TWO_EL1", 1));
        var user = new InMemorySpec("c/USER.json", Spec("TEST_USER_EL1", 3, """ "traps": [ { "el": 1, "trapIf": { "TEST_TWO_EL1.V": 1 }, "to": 2 } ],"""));
        GeneratorOutput output = GeneratorHarness.Run(one, two, user);

        Assert.Equal("SRG0011", Assert.Single(output.GeneratorDiagnostics).Id);
        Assert.Contains("TestOne.g.cs", output.Sources.Keys);
        Assert.DoesNotContain("TestTwo.g.cs", output.Sources.Keys);
        Assert.DoesNotContain("TestUser.g.cs", output.Sources.Keys);
    }

    [Fact]
    public void OneFileListedTwiceWithDifferentTextGeneratesOnceAndThrowsNothing()
    {
        // What the README walk-through did when its spec was also in the specs it was added to.
        const string path = "specs/context/TEST_CTX_EL1.json";
        GeneratorOutput output = GeneratorHarness.Run(
            new InMemorySpec(path, Spec("TEST_CTX_EL1", 1)),
            new InMemorySpec(path, Spec("TEST_CTX_EL1", 1).Replace("\"d\"", "\"edited\"", StringComparison.Ordinal)));

        Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("SRG0010", error.Id);
        Assert.Single(output.Sources.Keys, k => !k.StartsWith("SysregGen.", StringComparison.Ordinal));
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void OneFileListedTwiceWithTheSameTextIsOneSpec()
    {
        var spec = new InMemorySpec("specs/TEST_CTX_EL1.json", Spec("TEST_CTX_EL1", 1));
        GeneratorOutput output = GeneratorHarness.Run(spec, new InMemorySpec(spec.Path, spec.Text));

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("TestCtx.g.cs", output.Sources.Keys);
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void TypeNamesThatDifferOnlyInCaseGetHintNamesThatDoNotCollide()
    {
        // TEST_A_B_EL1 makes TestAB and TEST_AB_EL1 makes TestAb: two C# types, but one hint name
        // to Roslyn, which compares hint names without case and throws on a repeat.
        GeneratorOutput output = GeneratorHarness.Run(
            new InMemorySpec("specs/TEST_A_B_EL1.json", Spec("TEST_A_B_EL1", 1)),
            new InMemorySpec("specs/TEST_AB_EL1.json", Spec("TEST_AB_EL1", 2)));

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("TestAB.g.cs", output.Sources.Keys);
        Assert.Contains("TestAb.TEST_AB_EL1.g.cs", output.Sources.Keys);
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void HintNamesAreUniqueWhateverTheyAreAskedFor()
    {
        var hints = new SysregGen.Generator.SourceOutput.HintNames();
        string[] claimed =
        [
            hints.Claim("SysregGen.Enums.g.cs", null), hints.Claim("sysreggen.enums.g.cs", null), hints.Claim("X.g.cs", "X_EL1"),
            hints.Claim("x.g.cs", "X_EL1"), hints.Claim("x.g.cs", "X_EL1"), hints.Claim("a b/c:d.g.cs", null), hints.Claim("", null),
        ];
        Assert.Equal(claimed.Length, claimed.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(claimed, h => Assert.Matches(@"^[\w.\-]+\.g\.cs$", h));
    }
}
