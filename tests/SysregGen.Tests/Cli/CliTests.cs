using System.Text.Json;
using SysregGen.Cli;
using SysregGen.Cli.Demo;
using SysregGen.Registers;
using SysregGen.Runtime.Timers;

namespace SysregGen.Tests.Cli;

/// <summary>The sysreg command's demo, lint and table.</summary>
public sealed class CliTests
{
    private static string SpecsDirectory => Path.Combine(AppContext.BaseDirectory, "specs");

    [Fact]
    public void DemoIsDeterministicAndShowsTrapsLevelsAndWakeups()
    {
        string first = Demo(new DemoSettings(3, 5, 62_500_000, HostMode.NonVhe, SummaryOnly: false));
        string second = Demo(new DemoSettings(3, 5, 62_500_000, HostMode.NonVhe, SummaryOnly: false));
        Assert.Equal(WithoutHostTime(first), WithoutHostTime(second));
        Assert.Contains("vcpu0  MSR CNTP_TVAL_EL0, 0xf424          trapped to EL2 (ESR 0x6230f824), emulated", first, StringComparison.Ordinal);
        Assert.Contains("[    1.000000 ms] vcpu0  PPI 30 line raised", first, StringComparison.Ordinal);
        Assert.Contains("woken by its background timer", first, StringComparison.Ordinal);
        Assert.Contains("MSR CNTV_TVAL_EL0, 0x2dc7a         direct, no trap", first, StringComparison.Ordinal);
        Assert.Contains("timer interrupts    ", first, StringComparison.Ordinal);
    }

    [Fact]
    public void OnAVheHostTheEl1PhysicalTimerDoesNotTrap()
    {
        string output = Demo(new DemoSettings(1, 3, 62_500_000, HostMode.Vhe, SummaryOnly: false));
        Assert.DoesNotContain("trapped to EL2", output, StringComparison.Ordinal);
        Assert.Contains("MSR CNTP_TVAL_EL0, 0xf424          direct, no trap", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommandLineDefaultsToTheDemoAndRejectsBadOptions()
    {
        var output = new StringWriter();
        Assert.Equal(0, Program.BuildCommand(output).Parse(["--duration-ms", "2", "--summary-only"]).Invoke());
        Assert.StartsWith("sysreg demo: 3 vCPU(s) on a non-VHE host", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("[", output.ToString().Split("Summary")[0].Split('\n', 2)[1], StringComparison.Ordinal);
        Assert.NotEqual(0, Program.BuildCommand(new StringWriter()).Parse(["demo", "--vcpus", "0"]).Invoke());
        Assert.NotEqual(0, Program.BuildCommand(new StringWriter()).Parse(["table", "--format", "yaml"]).Invoke());
    }

    [Fact]
    public void LintAcceptsTheShippedSpecs()
    {
        var output = new StringWriter();
        Assert.Equal(LintCommand.Clean, LintCommand.Run([SpecsDirectory], output, TextWriter.Null));
        int specs = SysregCatalog.All.Count; // one spec per register: the same folder the runtime's model comes from
        Assert.Matches($@"^lint: {specs} spec\(s\)( \(and \d+ shared layout/trap-group file\(s\)\))?, {specs} valid, 0 error\(s\)$", output.ToString().Trim());
    }

    [Fact]
    public void LintReportsErrorsLikeACompiler()
    {
        string dir = Directory.CreateTempSubdirectory("sysreg-lint").FullName;
        try
        {
            string bad = Path.Combine(dir, "BAD_EL1.json");
            File.WriteAllText(bad, "{\n  \"name\": \"BAD_EL1\",\n  \"widht\": 64\n}\n");
            var output = new StringWriter();
            Assert.Equal(LintCommand.Errors, LintCommand.Run([bad], output, TextWriter.Null));
            string[] lines = output.ToString().Trim().Split('\n');
            Assert.Contains(lines, l => l.StartsWith($"{bad}(3,3): error SRG0002: Unknown property 'widht' (at $.widht) in the register", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith($"{bad}(1,1): error SRG0003:", StringComparison.Ordinal));
            Assert.StartsWith("lint: 1 spec(s), 0 valid, ", lines[^1], StringComparison.Ordinal);

            Assert.Equal(LintCommand.Usage, LintCommand.Run([Path.Combine(dir, "missing")], TextWriter.Null, TextWriter.Null));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LintResolvesTrapControlsThroughReferenceSpecsAsAConsumerBuildDoes()
    {
        string dir = Directory.CreateTempSubdirectory("sysreg-lint").FullName;
        try
        {
            string spec = Path.Combine(dir, "PROBE_CTL_EL1.json");
            File.WriteAllText(spec, """
                { "name": "PROBE_CTL_EL1", "description": "d", "width": 64, "minEl": 1, "access": "RW",
                  "encoding": { "op0": 3, "op1": 7, "crn": 15, "crm": 2, "op2": 1 },
                  "layouts": [ { "fields": [ { "name": "ENABLE", "bits": "0", "access": "RW" } ], "res0": ["63:1"] } ],
                  "traps": [ { "el": 1, "when": { "e2h": 0 }, "trapIf": { "CNTHCTL_EL2.EL1PCEN": 0 }, "to": 2 } ] }
                """);
            var alone = new StringWriter();
            Assert.Equal(LintCommand.Errors, LintCommand.Run([spec], alone, TextWriter.Null));
            Assert.Contains("error SRG0013:", alone.ToString(), StringComparison.Ordinal);

            var withReferences = new StringWriter();
            Assert.Equal(LintCommand.Clean, LintCommand.Run([spec], withReferences, TextWriter.Null, references: [SpecsDirectory]));
            Assert.Equal("lint: 1 spec(s), 1 valid, 0 error(s)", withReferences.ToString().Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TableJsonListsEveryRegisterRuleAndAccessor()
    {
        var output = new StringWriter();
        Assert.Equal(0, TableCommand.Run("json", output));
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        JsonElement registers = json.RootElement.GetProperty("registers");
        Assert.Equal(SysregCatalog.All.Count, registers.GetArrayLength());
        Assert.Equal(SysregTable.Accessors.Length, json.RootElement.GetProperty("accessors").GetArrayLength());
        JsonElement cntpCtl = registers.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "CNTP_CTL_EL0");
        Assert.Contains(cntpCtl.GetProperty("trapRules").EnumerateArray(), r =>
            r.GetProperty("el").GetInt32() == 1 && r.GetProperty("when").GetString() == "E2H=0" &&
            r.GetProperty("controls")[0].GetString() == "CNTHCTL_EL2.EL1PCEN == 0" && r.GetProperty("to").GetInt32() == 2);
        Assert.Contains(json.RootElement.GetProperty("accessors").EnumerateArray(), a =>
            a.GetProperty("name").GetString() == "CNTP_CVAL" && a.GetProperty("handler").GetString() == "AccessTimer(Physical, Cval)");
    }

    [Fact]
    public void TableMarkdownHasTheDispatchTable()
    {
        var output = new StringWriter();
        TableCommand.Run("markdown", output);
        Assert.Contains("| CNTP_CTL_EL02 | MRS/MSR 3, 5, c14, c2, 1 | CNTP_CTL_EL0 | yes | R from EL2, W from EL2, E2H=1 | AccessTimer(Physical, Ctl) |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TableOfTheBuiltInSpecsIsTheModelTheRuntimeWasBuiltFrom()
    {
        var output = new StringWriter();
        Assert.Equal(TableCommand.Described, TableCommand.Run("json", [SpecsDirectory], output, TextWriter.Null));
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        Assert.Equal(SysregCatalog.All.Select(r => r.Name), json.RootElement.GetProperty("registers").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(SysregTable.Accessors.ToArray().Select(a => a.Name), json.RootElement.GetProperty("accessors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
    }

    [Fact]
    public void TableDescribesTheSpecsItIsGivenAndLeavesOutWhatLintRejects()
    {
        string dir = Directory.CreateTempSubdirectory("sysreg-table").FullName;
        try
        {
            File.Copy(Path.Combine(SpecsDirectory, "timer", "CNTVOFF_EL2.json"), Path.Combine(dir, "CNTVOFF_EL2.json"));
            File.WriteAllText(Path.Combine(dir, "BAD_EL1.json"), "{ \"name\": \"BAD_EL1\" }");
            var output = new StringWriter();
            var errors = new StringWriter();
            Assert.Equal(TableCommand.SpecErrors, TableCommand.Run("json", [dir], output, errors));
            using JsonDocument json = JsonDocument.Parse(output.ToString());
            Assert.Equal("CNTVOFF_EL2", json.RootElement.GetProperty("registers").EnumerateArray().Single().GetProperty("name").GetString());
            Assert.Contains("BAD_EL1.json(1,1): error SRG0003:", errors.ToString(), StringComparison.Ordinal);

            var lint = new StringWriter();
            LintCommand.Run([dir], lint, TextWriter.Null);
            Assert.Equal(errors.ToString().Trim(), string.Join('\n', lint.ToString().Trim().Split('\n').SkipLast(1)));

            Assert.Equal(TableCommand.Usage, TableCommand.Run("json", [Path.Combine(dir, "missing")], TextWriter.Null, TextWriter.Null));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LongRunsReportProgressOnATerminalAndNothingWhenRedirected()
    {
        string trace = Path.Combine(AppContext.BaseDirectory, "Conformance", "Traces", "hypervisor-examples.jsonl");
        var terminal = new StringWriter();
        var output = new StringWriter();
        Assert.Equal(0, ReplayCommand.Run([trace, trace], output, TextWriter.Null, TerminalProgress.To(terminal)));
        Assert.Contains("\rreplay [2/2] ", terminal.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\r", terminal.ToString(), StringComparison.Ordinal);       // the line is cleared at the end
        Assert.DoesNotContain("[1/2]", output.ToString(), StringComparison.Ordinal); // progress never reaches the output

        var quiet = new StringWriter();
        Assert.Equal(0, ReplayCommand.Run([trace], quiet, TextWriter.Null, TerminalProgress.To(null)));
        Assert.Equal("replay: 5 cases, 51 events, 0 mismatches", quiet.ToString().Trim());

        var demoProgress = new StringWriter();
        DemoSimulation.Run(new DemoSettings(2, 3, 62_500_000, HostMode.NonVhe, SummaryOnly: true), TextWriter.Null, TerminalProgress.To(demoProgress));
        Assert.Contains("ms simulated", demoProgress.ToString(), StringComparison.Ordinal);
    }

    private static string Demo(DemoSettings settings)
    {
        var output = new StringWriter();
        DemoSimulation.Run(settings, output);
        return output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string WithoutHostTime(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("host time", StringComparison.Ordinal)));
}
