using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Replay;

namespace SysregGen.Tests.Conformance;

/// <summary>
/// The recorded QEMU traces and the hand-written hypervisor cases replay against the runtime with no
/// mismatch; malformed traces are clear errors with file and line; `sysreg replay` prints and exits
/// as the trace format says.
/// </summary>
public sealed class TraceReplayTests
{
    private static string TraceDirectory => Path.Combine(AppContext.BaseDirectory, "Conformance", "Traces");

    public static TheoryData<string> TraceFiles => new(TraceFileNames());

    private static IEnumerable<string> TraceFileNames() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Conformance"), "*.jsonl", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(AppContext.BaseDirectory, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(TraceFiles))]
    public void ReplaysWithNoMismatch(string file)
    {
        TraceFile trace = TraceReader.Read(file, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));
        ReplayResult result = TraceReplayer.Replay(trace);

        Assert.True(result.Mismatches.Count == 0, string.Join("\n", result.Mismatches));
        Assert.True(result.Cases > 0);
        Assert.Equal(trace.EventCount, result.Events);
    }

    public static TheoryData<string, string?, bool> TraceFilesInEveryMode()
    {
        var data = new TheoryData<string, string?, bool>();
        foreach (string file in TraceFileNames())
        {
            foreach (string? host in new[] { null, "nvhe", "vhe", "vhe-ecv" })
            {
                foreach (bool nested in new[] { false, true })
                {
                    data.Add(file, host, nested);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// What a guest sees may not depend on how its host is built (trace format version 2): every case
    /// the options apply to replays with 0 mismatches, and every recorded case (no hypervisor events)
    /// applies under --nested, where the VM's own offsets are not zero and must stay invisible.
    /// </summary>
    [Theory]
    [MemberData(nameof(TraceFilesInEveryMode))]
    public void ReplaysWithNoMismatchInEveryHostModeAndNested(string file, string? host, bool nested)
    {
        TraceFile trace = TraceReader.Read(file, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));
        var options = new ReplayOptions
        {
            Host = host switch { "nvhe" => HostMode.NonVhe, "vhe" => HostMode.Vhe, "vhe-ecv" => HostMode.VheEcv, _ => null },
            Nested = nested,
        };

        ReplayResult result = TraceReplayer.Replay(trace, options);

        Assert.True(result.Mismatches.Count == 0, string.Join("\n", result.Mismatches));
        Assert.Equal(trace.Cases.Count, result.Cases);
        if (nested && Path.GetFileName(file).StartsWith("qemu-", StringComparison.Ordinal))
        {
            Assert.Empty(result.Skipped);
        }
    }

    [Fact]
    public void EveryRecordedTraceIsInTheRepository()
    {
        string[] expected = { "hypervisor-examples.jsonl", "qemu-aarch32_el1.jsonl", "qemu-counters.jsonl", "qemu-el2_vhe.jsonl", "qemu-phys_el1.jsonl", "qemu-traps_e2h0_el1.jsonl", "qemu-virt_el1.jsonl" };
        Assert.Subset(Directory.EnumerateFiles(TraceDirectory, "*.jsonl").Select(Path.GetFileName).ToHashSet()!, expected.ToHashSet());
    }

    private const string Config = """{"kind":"config","case":"c","el":1,"hcr_el2":"0x80000000","cnthctl_el2":"0x3","cntvoff_el2":"0x0"}""";

    public static TheoryData<string, string, int, string> Malformed => new()
    {
        { "not JSON", Config + "\n{\"kind\":\"read\",", 2, "not valid JSON" },
        { "unknown kind", Config + "\n{\"kind\":\"teleport\"}", 2, "unknown kind 'teleport'" },
        { "missing value", Config + "\n{\"kind\":\"read\",\"reg\":\"CNTP_CTL_EL0\",\"cnt\":\"0x1\"}", 2, "missing key \"value\"" },
        { "missing case name", "{\"kind\":\"config\",\"el\":1}", 1, "missing key \"case\"" },
        { "counter goes backwards", Config + "\n{\"kind\":\"advance\",\"cnt\":\"0x10\"}\n\n{\"kind\":\"advance\",\"cnt\":\"0xf\"}", 4, "the counter goes backwards" },
        { "decimal instead of hex", Config + "\n{\"kind\":\"advance\",\"cnt\":16}", 2, "\"cnt\" must be a \"0x…\" hexadecimal string" },
        { "event before any case", "{\"kind\":\"advance\",\"cnt\":\"0x10\"}", 1, "before the first config line" },
        { "unknown one-reg id", Config + "\n{\"kind\":\"get_reg\",\"id\":\"TIMER_OFFSET\",\"value\":\"0x0\"}", 2, "unknown one-reg id 'TIMER_OFFSET'" },
        { "vCPU that does not exist", Config + "\n{\"kind\":\"put\",\"vcpu\":1}", 2, "vcpu 1 does not exist" },
        { "case name twice", Config + "\n" + Config, 2, "case 'c' appears twice" },
        { "bad direction", Config + "\n{\"kind\":\"notrap\",\"reg\":\"CNTVCT_EL0\",\"dir\":\"up\",\"value\":\"0x0\",\"cnt\":\"0x0\"}", 2, "\"dir\" must be \"read\" or \"write\"" },
        { "deadline that is not a count", Config + "\n{\"kind\":\"deadline\",\"expected\":\"soon\"}", 2, "\"expected\" must be a 0x… count or \"none\"" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedTracesAreErrorsWithFileAndLine(string name, string text, int line, string message)
    {
        TraceFormatException ex = Assert.Throws<TraceFormatException>(() => TraceReader.Read("bad.jsonl", text));
        Assert.Equal(line, ex.LineNumber);
        Assert.Contains(message, ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"bad.jsonl:{line}: ", ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void UnknownKeysAndEmptyLinesAreIgnored()
    {
        TraceFile trace = TraceReader.Read("ok.jsonl", Config.Replace("}", ",\"future_key\":[1,2]}", StringComparison.Ordinal) + "\n\n\n{\"kind\":\"advance\",\"cnt\":\"0x10\",\"note\":\"x\"}\n");
        Assert.Empty(TraceReplayer.Replay(trace).Mismatches);
        Assert.Equal(1, trace.EventCount);
    }

    [Fact]
    public void CliPrintsMismatchesAndTheSummaryAndExitsAsTheFormatSays()
    {
        string dir = Directory.CreateTempSubdirectory("sysreg-replay").FullName;
        try
        {
            string good = Path.Combine(TraceDirectory, "hypervisor-examples.jsonl");
            string wrong = Path.Combine(dir, "wrong.jsonl");
            File.WriteAllText(wrong, File.ReadAllText(good).Replace("\"expected\":\"0x1100\"", "\"expected\":\"0x1101\"", StringComparison.Ordinal));
            string bad = Path.Combine(dir, "bad.jsonl");
            File.WriteAllText(bad, Config + "\n{\"kind\":\"nope\"}\n");

            (int code, string output, string error) = Run(good);
            Assert.Equal(0, code);
            Assert.Equal("replay: 5 cases, 51 events, 0 mismatches", output.Trim());
            Assert.Empty(error);

            (code, output, _) = Run(good, wrong);
            Assert.Equal(1, code);
            string[] lines = output.Trim().Split('\n');
            Assert.Equal($"{wrong}:9: example-ptimer-tval-wfi: expected deadline 0x1101, got deadline 0x1100", lines[0]);
            Assert.Equal("replay: 10 cases, 102 events, 1 mismatches", lines[^1]);

            (code, _, error) = Run(good, bad);
            Assert.Equal(2, code);
            Assert.Equal($"{bad}:2: error: unknown kind 'nope'", error.Trim());

            (code, _, error) = Run(Path.Combine(dir, "missing.jsonl"));
            Assert.Equal(2, code);
            Assert.Contains("cannot read the file", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] files)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SysregGen.Cli.ReplayCommand.Run(files, output, error);
        return (code, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }
}
