using System.Text.Json;
using SysregGen.Specs.Model;
using SysregGen.Specs.Parsing;
using SysregGen.Tests.Infrastructure;
using SysregGen.Tests.Snapshots;

namespace SysregGen.Tests.Specs;

/// <summary>
/// SysregGen.Specs reads JSON with a reader of its own, so that every syntax error is in its own
/// words. These check that it reads exactly the JSON a strict System.Text.Json reader reads, that
/// its messages never carry another library's wording, and that each message about a value names
/// the property and its JSON path.
/// </summary>
public sealed class JsonReaderTests
{
    /// <summary>What a character inserted or deleted anywhere in a spec can break.</summary>
    private static readonly string[] s_insertions = [",", "}", "]", "{", "[", "\"", "\\", "/", "'", ":", "x", "0", "-", ".", "e", " ", "\n", "\t", "\u00e9", "//", "/*"];

    [Fact]
    public void ItAcceptsExactlyWhatAStrictSystemTextJsonReaderAccepts()
    {
        string spec = GeneratedCodeTests.FocusedSpecs_Config;
        var texts = new List<string> { spec, "", " ", "{}", "[]", "\"s\"", "0", "-0.5e+3", "1E5", "[1e]", "01", "{\"a\":\"\\u00e9\\n\"}" };
        for (int i = 0; i <= spec.Length; i++)
        {
            if (i < spec.Length)
            {
                texts.Add(spec.Remove(i, 1));
            }

            texts.AddRange(s_insertions.Select(s => spec.Insert(i, s)));
        }

        texts.Add(new string('[', 64) + new string(']', 64));
        texts.Add(new string('[', 65) + new string(']', 65));
        foreach (string text in texts)
        {
            bool ours = !SpecReader.Read("t.json", text).Diagnostics.Any(d => d.Id == "SRG0001");
            Assert.True(ours == StrictlyParses(text), $"SysregGen {(ours ? "accepts" : "rejects")} what System.Text.Json does not:\n{text}");
        }
    }

    [Fact]
    public void ItsSyntaxErrorsAreInItsOwnWordsAndInsideTheFile()
    {
        string spec = GeneratedCodeTests.FocusedSpecs_Config;
        var messages = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < spec.Length; i++)
        {
            foreach (string text in s_insertions.Select(s => spec.Insert(i, s)).Append(spec[..i]))
            {
                foreach (DiagnosticInfo d in SpecReader.Read("t.json", text).Diagnostics.Where(d => d.Id == "SRG0001"))
                {
                    Assert.InRange(d.Location.Start, 0, text.Length);
                    messages.Add(d.FormatMessage());
                }
            }
        }

        Assert.True(messages.Count > 10, $"only {messages.Count} kinds of syntax error were met");
        string[] foreign = ["reader options", "LineNumber", "BytePosition", "JsonReader", "token", "is an invalid", "Expected depth", "invalid after"];
        Assert.All(messages, m => Assert.DoesNotContain(foreign, f => m.Contains(f, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(typeof(SpecReader).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("System.Text.Json", StringComparison.Ordinal));
    }

    [Fact]
    public void AByteOrderMarkIsNotAnError()
    {
        // Editors on Windows may save one; it is the file's encoding, not its JSON.
        Assert.Empty(SpecReader.Read("t.json", "\uFEFF" + GeneratedCodeTests.FocusedSpecs_Config).Diagnostics);
    }

    public static TheoryData<string, string, string> ValueMessages => new()
    {
        { "\"width\": 64", "\"width\": \"64\"", "'width' (at $.width) must be a number (or a \"0x…\"/\"0b…\" string), not a string" },
        { "\"width\": 64", "\"width\": 48", "'width' (at $.width) is 48; it must be 32 or 64" },
        { "\"op0\": 3", "\"op0\": 9", "'op0' (at $.encoding.op0) is 9; it must be 0..3" },
        { "\"bits\": \"63:0\"", "\"bits\": \"0:63\"", "'0:63' (at $.layouts[0].fields[0].bits) is not a bit range; write \"msb:lsb\" with msb >= lsb, or one bit number" },
        { "\"bits\": \"63:0\"", "\"bits\": 63", "'bits' (at $.layouts[0].fields[0].bits) must be a string, not a number" },
        { "\"access\": \"RW\" }", "\"access\": \"RW\", \"reset\": \"0xZZ\" }", "'0xZZ' (at $.layouts[0].fields[0].reset) is not a number SysregGen reads: use a JSON integer, \"0x…\" hex or \"0b…\" binary that fits in 64 bits" },
        { ", \"access\": \"RW\" }", " }", "a field (at $.layouts[0].fields[0]) is missing the required property 'access'" },
        { "\"minEl\": 1,", "\"minEl\": 1, \"minEl\": 1,", "Property 'minEl' (at $.minEl) appears more than once in the same object" },
    };

    [Theory]
    [MemberData(nameof(ValueMessages))]
    public void AMessageAboutAValueNamesItsPropertyAndPath(string old, string replacement, string message)
    {
        const string spec = """
            { "name": "TEST_A_EL1", "description": "d", "width": 64, "minEl": 1, "access": "RW",
              "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": 2, "op2": 0 },
              "layouts": [ { "fields": [ { "name": "F", "bits": "63:0", "access": "RW" } ] } ] }
            """;
        Assert.Contains(old, spec, StringComparison.Ordinal);
        SpecResult result = SpecReader.Read("t.json", spec.Replace(old, replacement, StringComparison.Ordinal));
        Assert.Equal(message, Assert.Single(result.Diagnostics).FormatMessage());
    }

    [Fact]
    public void ATrapControlsPathQuotesItsDottedName()
    {
        GeneratorOutput output = GeneratorHarness.Run(new InMemorySpec("specs/T.json", """
            { "name": "TEST_A_EL1", "description": "d", "width": 64, "minEl": 1, "access": "RW",
              "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": 2, "op2": 0 },
              "layouts": [ { "fields": [ { "name": "F", "bits": "63:0", "access": "RW" } ] } ],
              "traps": [ { "el": 1, "trapIf": { "CNTHCTL_EL2.EL1PCEN": "on" }, "to": 2 } ] }
            """));
        Assert.Contains("(at $.traps[0].trapIf['CNTHCTL_EL2.EL1PCEN'])", Assert.Single(output.GeneratorDiagnostics).GetMessage(), StringComparison.Ordinal);
    }

    private static bool StrictlyParses(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
