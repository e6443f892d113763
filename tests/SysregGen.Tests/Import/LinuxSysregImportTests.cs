using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SysregGen.Cli;
using SysregGen.Cli.Import;
using SysregGen.Specs.Model;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Import;

/// <summary>
/// <c>sysreg import linux-sysreg</c> on our own fixtures in the kernel's format: every construct and
/// quirk in a small file, and 433 real AArch64 registers in a large one. These tests need nothing of
/// the spec-format extensions the output uses (use, mapping, unkn, raz, feature layouts).
/// </summary>
public sealed partial class LinuxSysregImportTests
{
    private static string Fixture(string name) => Path.Combine(Repository.Root, "tests", "SysregGen.Tests", "Import", "Fixtures", name);

    private static ImportResult Import(string fixture) => LinuxSysregImporter.Import(File.ReadAllText(Fixture(fixture)), fixture);

    [Fact]
    public void TheSmallFixtureReportsEachQuirkWhereItIs()
    {
        ImportResult result = Import("small.sysreg");
        string[] found = result.Diagnostics.Select(d => $"{d.Rule.Id}@{d.Line},{d.Column}").ToArray();
        string[] expected =
        [
            "SRG0211@12,7", "SRG0211@14,7", "SRG0213@15,2", "SRG0213@16,2", "SRG0216@19,1", "SRG0212@42,9", "SRG0216@46,1",
            "SRG0219@58,8", "SRG0206@65,8", "SRG0207@68,1", "SRG0208@72,1", "SRG0204@78,1", "SRG0205@81,1", "SRG0203@86,27",
            "SRG0203@91,7", "SRG0201@94,1", "SRG0215@95,1", "SRG0202@97,1", "SRG0209@101,1", "SRG0210@105,8", "SRG0215@111,1",
            "SRG0217@114,9", "SRG0218@114,9", "SRG0220@120,1", "SRG0214@123,1", "SRG0214@126,1", "SRG0214@127,1", "SRG0204@129,1",
        ];
        Assert.Equal(expected, found);
        Assert.Equal(ImportDiagnostics.All.Select(r => r.Id).Order(), found.Select(f => f[..7]).Distinct().Order());
        Assert.Equal(12, result.Errors);
        Assert.All(result.Diagnostics, d => Assert.Equal(d.Rule.Severity == ImportSeverity.Error, d.IsError));
    }

    [Fact]
    public void TheSmallFixtureImportsAsApproved()
    {
        ImportResult result = Import("small.sysreg");
        var text = new StringBuilder();
        foreach (ImportDiagnostic d in result.Diagnostics)
        {
            text.Append(d.Format("small.sysreg")).Append('\n');
        }

        foreach ((string path, string content) in result.Files)
        {
            text.Append("\n=== ").Append(path).Append(" ===\n").Append(content);
        }

        Approvals.Verify(text.ToString(), extension: "txt");
    }

    [Fact]
    public void OutputIsTwoSpaceIndentedLfJsonWithAFinalNewline()
    {
        foreach ((string path, string content) in Import("small.sysreg").Files.Concat(Import("large.sysreg").Files))
        {
            Assert.DoesNotContain("\r", content, StringComparison.Ordinal);
            Assert.EndsWith("}\n", content, StringComparison.Ordinal);
            Assert.DoesNotContain("\t", content, StringComparison.Ordinal);
            Assert.All(content.Split('\n'), l => Assert.True((l.Length - l.TrimStart(' ').Length) % 2 == 0, $"{path}: odd indent: {l}"));
            using var _ = JsonDocument.Parse(content); // valid JSON
        }
    }

    [Fact]
    public void TheLargeFixtureImportsWithoutErrors()
    {
        ImportResult result = Import("large.sysreg");
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        int registerFiles = result.Files.Keys.Count(k => !k.StartsWith("layouts/", StringComparison.Ordinal));
        Assert.True(registerFiles >= 300, $"{registerFiles} register files");
        Assert.Equal(SysregLines().Count, registerFiles);
        Assert.True(result.Layouts >= 10);
    }

    [Fact]
    public void EveryImportedEncodingIsTheFixturesOwn()
    {
        Dictionary<string, int[]> expected = SysregLines();
        ImportResult result = Import("large.sysreg");
        foreach ((string name, int[] encoding) in expected)
        {
            using JsonDocument spec = JsonDocument.Parse(result.Files[name + ".json"]);
            JsonElement e = spec.RootElement.GetProperty("encoding");
            int[] actual = new[] { "op0", "op1", "crn", "crm", "op2" }.Select(p => e.GetProperty(p).GetInt32()).ToArray();
            Assert.True(encoding.SequenceEqual(actual), $"{name}: ({string.Join(", ", actual)}) but the fixture says ({string.Join(", ", encoding)})");
        }

        Assert.Equal(expected.Count, expected.Values.Select(e => string.Join(",", e)).Distinct().Count());
    }

    [Fact]
    public void SomeWellKnownEncodingsAreRight()
    {
        // A spot check of the fixture itself against the architecture, independent of its generator.
        Dictionary<string, int[]> e = SysregLines();
        Assert.Equal([3, 0, 0, 4, 0], e["ID_AA64PFR0_EL1"]);
        Assert.Equal([3, 0, 1, 0, 0], e["SCTLR_EL1"]);
        Assert.Equal([3, 4, 2, 0, 2], e["TCR_EL2"]);
        Assert.Equal([2, 0, 0, 15, 7], e["DBGWCR15_EL1"]);
        Assert.Equal([3, 3, 14, 11, 6], e["PMEVCNTR30_EL0"]);
        Assert.Equal([3, 3, 14, 15, 6], e["PMEVTYPER30_EL0"]);
        Assert.Equal([3, 4, 12, 13, 7], e["ICH_LR15_EL2"]);
        Assert.Equal([3, 3, 13, 15, 7], e["AMEVTYPER115_EL0"]);
        Assert.Equal([3, 3, 13, 5, 0], e["AMEVCNTR08_EL0"]);
        Assert.Equal([3, 5, 14, 2, 1], e["CNTP_CTL_EL02"]);
    }

    [Fact]
    public void ReimportingGivesByteIdenticalFiles()
    {
        string first = Directory.CreateTempSubdirectory("sysreg-import").FullName;
        try
        {
            string file = Fixture("large.sysreg");
            Assert.Equal(ExitCodes.Ok, Program.Run(["import", "linux-sysreg", file, "-o", first], TextWriter.Null, TextWriter.Null));
            Dictionary<string, byte[]> before = Snapshot(first);
            Assert.Equal(ExitCodes.Ok, Program.Run(["import", "linux-sysreg", file, "-o", first], TextWriter.Null, TextWriter.Null));
            Dictionary<string, byte[]> after = Snapshot(first);
            Assert.Equal(before.Keys.Order(), after.Keys.Order());
            Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(after[kv.Key]), kv.Key));
            Assert.Equal(Import("large.sysreg").Files.Count, before.Count);
            Assert.True(before.Values.All(b => b.Length > 3 && b[0] == (byte)'{'), "UTF-8 without a byte order mark");
        }
        finally
        {
            Directory.Delete(first, recursive: true);
        }
    }

    [Fact]
    public void EveryTypeNameIsDistinctAndAValidIdentifier()
    {
        ImportResult result = Import("large.sysreg");
        var names = new List<string>();
        foreach ((string path, string content) in result.Files)
        {
            using JsonDocument spec = JsonDocument.Parse(content);
            JsonElement root = spec.RootElement;
            names.Add(root.TryGetProperty("typeName", out JsonElement t) ? t.GetString()! : Names.DefaultTypeName(root.GetProperty("name").GetString()!));
        }

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.True(Names.IsValidIdentifier(n), n));
        Assert.Contains("SctlrEl1", names);
        Assert.Contains("SctlrEl2", names);
        Assert.Contains("TcrEl1", names);
        Assert.Contains("IdAa64pfr0", names); // unique names keep the short form
    }

    [Fact]
    public void DerivedPropertiesFollowTheDocumentedRules()
    {
        ImportResult result = Import("large.sysreg");
        (int MinEl, string Access) Of(string name)
        {
            using JsonDocument spec = JsonDocument.Parse(result.Files[name + ".json"]);
            return (spec.RootElement.GetProperty("minEl").GetInt32(), spec.RootElement.GetProperty("access").GetString()!);
        }

        Assert.Equal((1, "RO"), Of("MIDR_EL1"));
        Assert.Equal((0, "RO"), Of("CTR_EL0"));
        Assert.Equal((1, "RW"), Of("CSSELR_EL1"));
        Assert.Equal((2, "RW"), Of("VPIDR_EL2"));
        Assert.Equal((2, "RW"), Of("SCTLR_EL12"));
        Assert.Equal((2, "RW"), Of("CNTV_CTL_EL02"));
        Assert.Equal((3, "RW"), Of("SCR_EL3"));
        Assert.Equal((0, "RW"), Of("NZCV")); // no suffix: op1 3 is EL0
        Assert.Equal((1, "RW"), Of("PAN"));
    }

    [Fact]
    public void TheCommandReportsLikeACompilerAndExitsByTheConvention()
    {
        string dir = Directory.CreateTempSubdirectory("sysreg-import").FullName;
        try
        {
            var output = new StringWriter();
            string small = Fixture("small.sysreg");
            Assert.Equal(ExitCodes.Findings, Program.Run(["import", "linux-sysreg", small, "-o", dir], output, TextWriter.Null));
            Assert.Contains($"{small}(65,8): error SRG0206: MISSING_EL1 takes its fields from SysregFields NOWHERE_ELx, which the file does not define", output.ToString(), StringComparison.Ordinal);
            Assert.Contains($"{small}(94,1): warning SRG0201: Unknown directive 'Frobnicate'", output.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "layouts", "CTLR_ELx.json")));
            Assert.False(File.Exists(Path.Combine(dir, "MISSING_EL1.json")));

            Assert.Equal(ExitCodes.BadInput, Program.Run(["import", "linux-sysreg", Path.Combine(dir, "nope"), "-o", dir], TextWriter.Null, TextWriter.Null));
            Assert.Equal(ExitCodes.BadInput, Program.Run(["import", "linux-sysreg", small], TextWriter.Null, TextWriter.Null));
            Assert.Equal(ExitCodes.BadInput, Program.Run(["import", "yaml", small, "-o", dir], TextWriter.Null, TextWriter.Null));

            // --help prints the command's description and options (System.CommandLine writes it to the console).
            System.CommandLine.Command linuxSysreg = Program.BuildCommand(TextWriter.Null).Subcommands.Single(c => c.Name == "import").Subcommands.Single();
            Assert.Equal("linux-sysreg", linuxSysreg.Name);
            Assert.Contains("Exit codes: 0 imported (warnings allowed)", linuxSysreg.Description, StringComparison.Ordinal);
            Assert.Contains(linuxSysreg.Options, o => o.Name == "--output" && o.Aliases.Contains("-o") && o.Required);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ImportNeverThrowsOnDamagedInput()
    {
        // Every prefix of the small fixture is a file cut short somewhere: unterminated blocks, enums, prefixes.
        string text = File.ReadAllText(Fixture("small.sysreg"));
        for (int cut = 0; cut < text.Length; cut += 7)
        {
            _ = LinuxSysregImporter.Import(text[..cut], "cut");
        }

        _ = LinuxSysregImporter.Import("Sysreg\nEndEnum\nEndPrefix\nPrefix\nEnum\n0b1 X\nFields\nMapping\n\0\t\t", "odd");

        // Lines dropped, duplicated and words deleted at random (seeded, so a failure reproduces).
        string[] lines = text.Split('\n');
        var random = new Random(14);
        for (int round = 0; round < 300; round++)
        {
            var mutated = new List<string>();
            foreach (string line in lines)
            {
                int dice = random.Next(20);
                if (dice == 0)
                {
                    continue;
                }

                string[] words = line.Split('\t');
                mutated.Add(dice == 1 && words.Length > 1 ? string.Join('\t', words.Where((_, i) => i != random.Next(words.Length))) : line);
                if (dice == 2)
                {
                    mutated.Add(lines[random.Next(lines.Length)]);
                }
            }

            ImportResult result = LinuxSysregImporter.Import(string.Join('\n', mutated), "mutated");
            Assert.All(result.Files.Values, f => JsonDocument.Parse(f).Dispose());
        }
    }

    [Fact]
    public void AValueSeparatedBySpacesReadsAsWithATab()
    {
        ImportResult result = Import("small.sysreg");
        Assert.Contains("SPACED_EL0.json", result.Files.Keys);
        Assert.Contains("\"encoding\": { \"op0\": 3, \"op1\": 3, \"crn\": 9, \"crm\": 9, \"op2\": 0 }", result.Files["SPACED_EL0.json"], StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Line is >= 49 and <= 51);
    }

    [Fact]
    public void DocsListEveryDiagnostic()
    {
        string doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "import.md"));
        foreach (ImportRule rule in ImportDiagnostics.All)
        {
            Assert.Matches($@"\| {rule.Id} \| {(rule.Severity == ImportSeverity.Error ? "error" : "warning")} \|", doc);
        }
    }

    [GeneratedRegex(@"^Sysreg\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SysregLine();

    /// <summary>The large fixture's registers and encodings, read independently of the importer.</summary>
    private static Dictionary<string, int[]> SysregLines() =>
        SysregLine().Matches(File.ReadAllText(Fixture("large.sysreg")))
            .ToDictionary(m => m.Groups[1].Value, m => Enumerable.Range(2, 5).Select(i => int.Parse(m.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    private static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);
}
