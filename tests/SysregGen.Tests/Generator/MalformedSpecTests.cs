using Microsoft.CodeAnalysis;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// Every diagnostic the generator can report, each from a spec that is wrong in exactly one way.
/// The expected position is marked with ⟦ in the JSON; the test removes the mark and checks that
/// the diagnostic starts there, that the bad spec generates nothing, and that a good spec beside it
/// still generates.
/// </summary>
public sealed class MalformedSpecTests
{
    private const string Mark = "⟦";

    /// <summary>Ids no spec can get any more, kept so that they are never reused: SRG0029 (a signed enum is Linux's SignedEnum, now allowed).</summary>
    private static readonly string[] Retired = { "SRG0029" };

    /// <summary>A valid spec that each case breaks in one place (a few cases are layout or trap-group files instead).</summary>
    private const string Valid = """
        {
          "name": "TEST_A_EL1",
          "description": "d",
          "width": 64,
          "minEl": 1,
          "access": "RW",
          "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": 2, "op2": 0 },
          "layouts": [ { "fields": [ { "name": "F", "bits": "63:0", "access": "RW" } ] } ]
        }
        """;

    /// <summary>A second valid spec, generated in every case to show that one bad spec stops nothing else.</summary>
    internal const string Bystander = """
        { "name": "TEST_OK_EL1", "description": "fine", "width": 64, "minEl": 1, "access": "RW",
          "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": 3, "op2": 0 },
          "layouts": [ { "fields": [ { "name": "V", "bits": "63:0", "access": "RW" } ] } ] }
        """;

    private const string TwoLayoutControl = """
        { "name": "TEST_CTL_EL2", "description": "c", "width": 64, "minEl": 2, "access": "RW",
          "encoding": { "op0": 3, "op1": 4, "crn": 15, "crm": 3, "op2": 0 },
          "layouts": [
            { "name": "Lo", "when": { "e2h": 0 }, "fields": [ { "name": "X", "bits": "0", "access": "RW" } ], "res0": ["63:1"] },
            { "name": "Hi", "when": { "e2h": 1 }, "fields": [ { "name": "X", "bits": "1", "access": "RW" } ], "res0": ["63:2", "0"] } ] }
        """;

    /// <summary>A 32-bit shared layout, for the cases about "use".</summary>
    private const string NarrowLayout = """
        { "layout": "TEST_L", "description": "l", "width": 32, "fields": [ { "name": "V", "bits": "31:0", "access": "RW" } ] }
        """;

    private const string OwnLayout = """
        "layouts": [ { "fields": [ { "name": "F", "bits": "63:0", "access": "RW" } ] } ]
        """;

    private static string Fields(string fields) =>
        Valid.Replace("""{ "name": "F", "bits": "63:0", "access": "RW" }""", fields, StringComparison.Ordinal);

    private static string With(string old, string replacement)
    {
        Assert.Contains(old, Valid, StringComparison.Ordinal);
        return Valid.Replace(old, replacement, StringComparison.Ordinal);
    }

    private static string AddTop(string property) => With("\"description\": \"d\",", "\"description\": \"d\", " + property);

    public static TheoryData<string, string, string, string?> Cases => new()
    {
        // name, spec (with ⟦ at the expected position), expected id, other spec in the same run
        { "not JSON: missing comma", With("\"width\": 64,\n  \"minEl\"", "\"width\": 64\n  ⟦\"minEl\""), "SRG0001", null },
        { "not JSON: content after the object", Valid + "\n" + Mark + "{}", "SRG0001", null },
        { "not JSON: empty file", Mark, "SRG0001", null },
        { "not JSON: comment", With("\"minEl\": 1,", "\"minEl\": 1, ⟦// no comments\n"), "SRG0001", null },
        { "not JSON: block comment", With("\"minEl\": 1,", "\"minEl\": 1, ⟦/* no comments */"), "SRG0001", null },
        { "not JSON: trailing comma in an object", With("\"op2\": 0 }", "\"op2\": 0⟦, }"), "SRG0001", null },
        { "not JSON: trailing comma in an array", With("\"access\": \"RW\" } ] } ]", "\"access\": \"RW\" }⟦, ] } ]"), "SRG0001", null },
        { "not JSON: single-quoted string", With("\"access\": \"RW\",", "\"access\": ⟦'RW',"), "SRG0001", null },
        { "not JSON: unquoted property name", With("\"minEl\": 1,", "⟦minEl: 1,"), "SRG0001", null },
        { "not JSON: bad escape", With("\"description\": \"d\"", "\"description\": \"a⟦\\q\""), "SRG0001", null },
        { "not JSON: hex number without quotes", Fields("""{ "name": "F", "bits": "63:0", "access": "RW", "reset": ⟦0x10 }"""), "SRG0001", null },
        { "not JSON: string not closed on its line", With("\"description\": \"d\",", "\"description\": ⟦\"d,"), "SRG0001", null },
        { "not JSON: object not closed", Valid.TrimEnd().TrimEnd('}') + Mark, "SRG0001", null },
        { "not JSON: capitalised literal", Fields("""{ "name": "F", "bits": "63:0", "access": "RW", "signed": ⟦True }"""), "SRG0001", null },
        { "unknown top-level property", With("\"width\": 64,", "\"width\": 64, ⟦\"widht\": 64,"), "SRG0002", null },
        { "unknown field property", Fields("""{ "name": "F", "bits": "63:0", "access": "RW", ⟦"acess": "RO" }"""), "SRG0002", null },
        { "missing name", Mark + Valid.TrimStart().Replace("\"name\": \"TEST_A_EL1\",", "", StringComparison.Ordinal), "SRG0003", null },
        { "missing field bits", Fields("""⟦{ "name": "F", "access": "RW" }"""), "SRG0003", null },
        { "width is a string", With("\"width\": 64", "\"width\": ⟦\"64\""), "SRG0004", null },
        { "encoding is an array", With("\"encoding\": { \"op0\": 3, \"op1\": 0, \"crn\": 15, \"crm\": 2, \"op2\": 0 }", "\"encoding\": ⟦[3, 0, 15, 2, 0]"), "SRG0004", null },
        { "width 48", With("\"width\": 64", "\"width\": ⟦48"), "SRG0005", null },
        { "op0 out of range", With("\"op0\": 3", "\"op0\": ⟦4"), "SRG0005", null },
        { "unknown access", With("\"access\": \"RW\",", "\"access\": ⟦\"RX\","), "SRG0005", null },
        { "empty layouts", With("\"layouts\": [ { \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] } ]", "\"layouts\": ⟦[]"), "SRG0005", null },
        { "bit 0 not described", Valid.Replace("\"63:0\"", "\"63:1\"", StringComparison.Ordinal).Replace("[ { \"fields\"", "[ ⟦{ \"fields\"", StringComparison.Ordinal), "SRG0006", null },
        { "two fields overlap", Fields("""{ "name": "F", "bits": "63:0", "access": "RW" }, ⟦{ "name": "G", "bits": "3", "access": "RW" }"""), "SRG0007", null },
        { "res0 overlaps a field", Valid.Replace("] } ]", "], \"res0\": [\"5\"] } ]", StringComparison.Ordinal).Replace("[ { \"fields\"", "[ ⟦{ \"fields\"", StringComparison.Ordinal), "SRG0007", null },
        { "field past a 32-bit width", With("\"width\": 64", "\"width\": 32").Replace("""{ "name": "F", "bits": "63:0", "access": "RW" }""", """{ "name": "F", "bits": "31:0", "access": "RW" }, ⟦{ "name": "G", "bits": "40", "access": "RW" }""", StringComparison.Ordinal), "SRG0008", null },
        { "bit 64", Fields("""{ "name": "F", "bits": ⟦"64:0", "access": "RW" }"""), "SRG0008", null },
        { "msb below lsb", Fields("""{ "name": "F", "bits": ⟦"0:63", "access": "RW" }"""), "SRG0009", null },
        { "reversed res0 range", Fields("""{ "name": "F", "bits": "63:8", "access": "RW" }""").Replace("] } ]", "], \"res0\": [⟦\"0:7\"] } ]", StringComparison.Ordinal), "SRG0009", null },
        { "res0 is a string", Fields("""{ "name": "F", "bits": "63:8", "access": "RW" }""").Replace("] } ]", "], \"res0\": ⟦\"7:0\" } ]", StringComparison.Ordinal), "SRG0004", null },
        { "writeMinEl below minEl", With("\"access\": \"RW\",", "\"access\": \"RW\", \"writeMinEl\": ⟦0,"), "SRG0005", null },
        { "bits not a range", Fields("""{ "name": "F", "bits": ⟦"low", "access": "RW" }"""), "SRG0009", null },
        { "register name used twice", Valid.Replace("\"name\": \"TEST_A_EL1\"", "\"name\": ⟦\"TEST_B_EL1\"", StringComparison.Ordinal).Replace("\"crm\": 2", "\"crm\": 4", StringComparison.Ordinal), "SRG0010", Valid.Replace("TEST_A_EL1", "TEST_B_EL1", StringComparison.Ordinal) },
        { "AArch64 encoding used twice", Valid.Replace("\"encoding\": {", "\"encoding\": ⟦{", StringComparison.Ordinal), "SRG0011", Valid.Replace("TEST_A_EL1", "TEST_Z_EL1", StringComparison.Ordinal) },
        { "AArch32 encoding used twice", AddTop("\"aarch32\": ⟦{ \"name\": \"TEST_A\", \"coproc\": 15, \"opc1\": 0, \"crn\": 15, \"crm\": 3, \"opc2\": 0 },"), "SRG0011",
            Bystander.Replace("\"width\": 64,", "\"width\": 64, \"aarch32\": { \"name\": \"TEST_OTHER\", \"coproc\": 15, \"opc1\": 0, \"crn\": 15, \"crm\": 3, \"opc2\": 0 },", StringComparison.Ordinal).Replace("TEST_OK_EL1", "TEST_Y_EL1", StringComparison.Ordinal).Replace("\"crm\": 3, \"op2\"", "\"crm\": 5, \"op2\"", StringComparison.Ordinal) },
        { "alias encoding equals the register's", AddTop("\"aliases\": [ ⟦{ \"name\": \"TEST_A_EL12\", \"encoding\": { \"op0\": 3, \"op1\": 0, \"crn\": 15, \"crm\": 2, \"op2\": 0 } } ],"), "SRG0011", null },
        { "field name used twice", Fields("""{ "name": "F", "bits": "63:1", "access": "RW" }, ⟦{ "name": "F", "bits": "0", "access": "RW" }"""), "SRG0012", null },
        { "trap control names an unknown register", AddTop("\"traps\": [ { \"el\": 1, \"trapIf\": { ⟦\"NOPE_EL2.X\": 0 }, \"to\": 2 } ],"), "SRG0013", null },
        { "trap control names an unknown field", AddTop("\"traps\": [ { \"el\": 1, \"trapIf\": { ⟦\"TEST_OK_EL1.NOPE\": 0 }, \"to\": 2 } ],"), "SRG0014", null },
        { "trap control field missing from the rule's layout", AddTop("\"traps\": [ { \"el\": 1, \"when\": { \"e2h\": 1 }, \"trapIf\": { ⟦\"TEST_CTL_EL2.Y\": 0 }, \"to\": 2 } ],"), "SRG0014", TwoLayoutControl },
        { "typeName not an identifier", AddTop("\"typeName\": ⟦\"1Bad\","), "SRG0015", null },
        { "enum value name is a keyword", Fields("""{ "name": "F", "bits": "63:1", "access": "RW" }, { "name": "G", "bits": "0", "access": "RW", "enum": { ⟦"class": 0, "B": 1 } }"""), "SRG0015", null },
        { "field property clashes with a generated member", Fields("""⟦{ "name": "RAW", "bits": "63:0", "access": "RW" }"""), "SRG0015", null },
        { "reset does not fit", Fields("""{ "name": "F", "bits": "63:1", "access": "RW" }, ⟦{ "name": "G", "bits": "0", "access": "RW", "reset": 2 }"""), "SRG0016", null },
        { "enum value does not fit", Fields("""{ "name": "F", "bits": "63:1", "access": "RW" }, ⟦{ "name": "G", "bits": "0", "access": "RW", "enum": { "A": 0, "B": 2 } }"""), "SRG0017", null },
        { "enum value used twice", Fields("""{ "name": "F", "bits": "63:2", "access": "RW" }, ⟦{ "name": "G", "bits": "1:0", "access": "RW", "enum": { "A": 1, "B": 1 } }"""), "SRG0018", null },
        { "two layouts without conditions", With("\"layouts\": [ { \"fields\"", "\"layouts\": [ ⟦{ \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] }, { \"fields\""), "SRG0019", null },
        { "layout conditions overlap", With("\"layouts\": [ { \"fields\"", "\"layouts\": [ { \"name\": \"A\", \"when\": { \"e2h\": 0 }, \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] }, ⟦{ \"name\": \"B\", \"when\": { \"tge\": 0 }, \"fields\""), "SRG0019", null },
        { "redirect to an unknown register", AddTop("\"redirects\": [ { \"el\": 2, \"when\": { \"e2h\": 1 }, \"to\": ⟦\"NOPE_EL2\" } ],"), "SRG0020", null },
        { "timer meaning used twice", AddTop("\"timer\": ⟦{ \"timer\": \"Physical\", \"register\": \"Ctl\" },"), "SRG0021",
            Bystander.Replace("\"width\": 64,", "\"width\": 64, \"timer\": { \"timer\": \"Physical\", \"register\": \"Ctl\" },", StringComparison.Ordinal).Replace("TEST_OK_EL1", "TEST_P_EL1", StringComparison.Ordinal).Replace("\"crm\": 3, \"op2\"", "\"crm\": 5, \"op2\"", StringComparison.Ordinal) },
        { "two specs generate the same type", Valid.Replace("\"name\": \"TEST_A_EL1\"", "\"name\": ⟦\"TEST_A_EL2\"", StringComparison.Ordinal).Replace("\"crm\": 2", "\"crm\": 4", StringComparison.Ordinal), "SRG0022", Valid },
        { "trap control sits at different bits in compatible layouts", AddTop("\"traps\": [ { \"el\": 1, \"trapIf\": { ⟦\"TEST_CTL_EL2.X\": 0 }, \"to\": 2 } ],"), "SRG0023", TwoLayoutControl },
        { "property given twice", With("\"minEl\": 1,", "\"minEl\": 1, ⟦\"minEl\": 2,"), "SRG0024", null },
        { "layouts disagree on reset", With("\"layouts\": [ { \"fields\"", "\"layouts\": [ { \"name\": \"A\", \"when\": { \"e2h\": 0 }, \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\", \"reset\": 1 } ] }, ⟦{ \"name\": \"B\", \"when\": { \"e2h\": 1 }, \"fields\""), "SRG0025", null },
        { "trap to the accessing EL", AddTop("\"traps\": [ { \"el\": 1, \"trapIf\": { \"TEST_OK_EL1.V\": 0 }, \"to\": ⟦1 } ],"), "SRG0026", null },
        { "AArch32 view with CRn but no opc2", AddTop("\"aarch32\": ⟦{ \"name\": \"TEST_A\", \"coproc\": 15, \"opc1\": 0, \"crn\": 15, \"crm\": 2 },"), "SRG0027", null },
        { "MRRC view of a 32-bit register", With("\"width\": 64,", "\"width\": 32, \"aarch32\": ⟦{ \"name\": \"TEST_A\", \"coproc\": 15, \"opc1\": 9, \"crm\": 2 },").Replace("\"63:0\"", "\"31:0\"", StringComparison.Ordinal), "SRG0027", null },
        { "trap control value does not fit", AddTop("\"traps\": [ { \"el\": 1, \"trapIf\": { ⟦\"TEST_CTL_EL2.X\": 2 }, \"to\": 2, \"when\": { \"e2h\": 0 } } ],"), "SRG0028", TwoLayoutControl },
        { "lower-case register name", With("\"name\": \"TEST_A_EL1\"", "\"name\": ⟦\"test_a_el1\""), "SRG0030", null },
        { "feature without FEAT_", AddTop("\"feature\": ⟦\"ECV\","), "SRG0030", null },
        { "trap control without a dot", AddTop("\"traps\": [ { \"el\": 1, \"trapIf\": { ⟦\"TEST_OK_EL1\": 0 }, \"to\": 2 } ],"), "SRG0030", null },
        { "hex number with bad digits", Fields("""{ "name": "F", "bits": "63:0", "access": "RW", "reset": ⟦"0xZZ" }"""), "SRG0031", null },
        { "negative number", Fields("""{ "name": "F", "bits": "63:0", "access": "RW", "reset": ⟦-1 }"""), "SRG0031", null },
        { "alias below the register's EL", AddTop("\"aliases\": [ ⟦{ \"name\": \"TEST_A_EL10\", \"minEl\": 0, \"encoding\": { \"op0\": 3, \"op1\": 5, \"crn\": 15, \"crm\": 2, \"op2\": 0 } } ],"), "SRG0032", null },
        { "layout used but not defined", With(OwnLayout, "\"layouts\": [ { \"use\": ⟦\"NOPE\" } ]"), "SRG0036", null },
        { "trap-rule group used but not defined", AddTop("\"traps\": [ { \"use\": ⟦\"NOPE_GROUP\" } ],"), "SRG0037", null },
        { "group uses an unknown group", "{ \"trapGroup\": \"TEST_G\", \"description\": \"g\", \"traps\": [ { \"use\": ⟦\"NOPE_GROUP\" } ] }", "SRG0037", null },
        { "trap-rule groups use each other", "{ \"trapGroup\": \"TEST_G\", \"description\": \"g\", \"traps\": [ { \"use\": ⟦\"TEST_G\" } ] }", "SRG0038", null },
        { "registers map each other", With(OwnLayout, "\"mapping\": ⟦\"TEST_A_EL1\""), "SRG0038", null },
        { "32-bit layout used by a 64-bit register", With(OwnLayout, "\"layouts\": [ { \"use\": ⟦\"TEST_L\" } ]"), "SRG0039", NarrowLayout },
        { "mapping a register of another width", With(OwnLayout, "\"mapping\": ⟦\"TEST_N_EL1\"").Replace("\"width\": 64", "\"width\": 32", StringComparison.Ordinal),
            "SRG0039", Bystander.Replace("TEST_OK_EL1", "TEST_N_EL1", StringComparison.Ordinal).Replace("\"crm\": 3, \"op2\"", "\"crm\": 5, \"op2\"", StringComparison.Ordinal) },
        { "shared layout field named like the register's type", With(OwnLayout, "\"layouts\": [ { \"use\": ⟦\"TEST_L\" } ]"), "SRG0015",
            NarrowLayout.Replace("\"width\": 32", "\"width\": 64", StringComparison.Ordinal).Replace("\"V\", \"bits\": \"31:0\"", "\"TEST_A\", \"bits\": \"63:0\"", StringComparison.Ordinal) },
        { "layout entry with both use and fields", With(OwnLayout, "\"layouts\": [ { \"use\": \"TEST_L\", \"fields\": ⟦[ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] } ]"), "SRG0040", null },
        { "layout name defined twice", NarrowLayout.Replace("\"layout\": \"TEST_L\"", "\"layout\": ⟦\"TEST_L\"", StringComparison.Ordinal).Replace("\"description\": \"l\"", "\"typeName\": \"TestL2\", \"description\": \"l\"", StringComparison.Ordinal), "SRG0041", NarrowLayout },
        { "trap-rule group name defined twice", "{ \"trapGroup\": ⟦\"TEST_G\", \"description\": \"g\", \"traps\": [] }", "SRG0041", "{ \"trapGroup\": \"TEST_G\", \"description\": \"g\", \"traps\": [] }" },
        { "mapping register with layouts", With("\"layouts\": [", "\"mapping\": \"TEST_OK_EL1\", \"layouts\": ⟦["), "SRG0042", null },
        { "two layouts with the same feature", With(OwnLayout, "\"layouts\": [ { \"name\": \"A\", \"feature\": \"FEAT_X\", \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] }, ⟦{ \"name\": \"B\", \"feature\": \"FEAT_X\", \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] } ]"), "SRG0043", null },
        { "two default layouts for one condition", With(OwnLayout, "\"layouts\": [ { \"name\": \"A\", \"when\": { \"e2h\": 1 }, \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] }, { \"name\": \"C\", \"when\": { \"e2h\": 1 }, \"feature\": \"FEAT_X\", \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] }, ⟦{ \"name\": \"B\", \"when\": { \"e2h\": 1 }, \"fields\": [ { \"name\": \"F\", \"bits\": \"63:0\", \"access\": \"RW\" } ] } ]"), "SRG0043", null },
        { "mapping to an unknown register", With(OwnLayout, "\"mapping\": ⟦\"NOPE_EL1\""), "SRG0044", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsTheSpecificDiagnosticAtThePosition(string name, string markedSpec, string expectedId, string? other)
    {
        int mark = markedSpec.IndexOf(Mark, StringComparison.Ordinal);
        Assert.True(mark >= 0, $"case '{name}' has no position mark");
        string spec = markedSpec.Remove(mark, Mark.Length);
        (int line, int column) = LineAndColumn(spec, mark);

        var files = new List<InMemorySpec> { new("b/case.json", spec), new("c/bystander.json", Bystander) };
        if (other is not null)
        {
            files.Add(new InMemorySpec("a/other.json", other));
        }

        GeneratorOutput output = GeneratorHarness.Run(files);

        Diagnostic[] onCase = output.GeneratorDiagnostics.Where(d => d.Location.GetLineSpan().Path == "b/case.json").ToArray();
        Diagnostic first = Assert.Single(onCase);
        Assert.True(first.Id == expectedId, $"{name}: expected {expectedId}, got {first}");
        FileLinePositionSpan span = first.Location.GetLineSpan();
        Assert.True((line, column) == (span.StartLinePosition.Line, span.StartLinePosition.Character),
            $"{name}: {expectedId} at ({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}), expected ({line + 1},{column + 1}): {first.GetMessage()}");
        Assert.All(onCase, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.All(output.GeneratorDiagnostics, d => Assert.NotEqual("SRG9999", d.Id));

        // The bad spec generates nothing; the good ones beside it do.
        int structs = output.Sources.Keys.Count(k => !k.StartsWith("SysregGen.", StringComparison.Ordinal));
        bool otherGeneratesAType = other is not null && !other.Contains("\"trapGroup\"", StringComparison.Ordinal);
        Assert.Equal(otherGeneratesAType ? 2 : 1, structs);
        Assert.Contains("TestOk.g.cs", output.Sources.Keys);
        Assert.Contains("TestOk", output.Sources["SysregGen.Enums.g.cs"], StringComparison.Ordinal);
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void CoversEverySpecRuleButTheInternalError()
    {
        // The SysregGen.Build diagnostics are about the project, not a spec; tests of their own cover them.
        var covered = Cases.Select(c => (string)c[2]).ToHashSet(StringComparer.Ordinal);
        var all = SysregGen.Specs.Diagnostics.DiagnosticDescriptors.All
            .Where(d => d.Category == SysregGen.Specs.Diagnostics.SpecDiagnosticDescriptor.SpecCategory)
            .Select(d => d.Id).Where(id => id != "SRG9999" && !Retired.Contains(id));
        Assert.DoesNotContain(all, id => !covered.Contains(id));
        Assert.True(Cases.Count() >= 30);
    }

    [Fact]
    public void DiagnosticsCarryTheFileAndAHelpLink()
    {
        GeneratorOutput output = GeneratorHarness.Run(new InMemorySpec("specs/x/BAD.json", "{ \"name\": 5 }"));
        Diagnostic d = output.GeneratorDiagnostics.First();
        Assert.Equal("specs/x/BAD.json", d.Location.GetLineSpan().Path);
        Assert.EndsWith("#" + d.Id.ToLowerInvariant(), d.Descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    private static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        int line = 0, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart);
    }
}
