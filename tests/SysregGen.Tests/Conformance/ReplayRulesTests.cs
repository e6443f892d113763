using SysregGen.Simulation.Replay;

namespace SysregGen.Tests.Conformance;

/// <summary>
/// The replay rules docs/trace-format.md clarified in format version 2: a case starts in its first
/// configuration; a reconfiguration changes only the keys it names; <c>irq</c> is the architectural
/// line, <c>level</c> the reported one; an unsupported register fails its case, not the file. Each
/// case here failed under the replayer before these rules.
/// </summary>
public sealed class ReplayRulesTests
{
    private static ReplayResult Replay(params string[] lines) =>
        TraceReplayer.Replay(TraceReader.Read("rules.jsonl", string.Join("\n", lines)));

    [Fact]
    public void ACaseStartsInItsFirstConfiguration()
    {
        ReplayResult result = Replay(
            """{"kind":"config","case":"first","el":1,"hcr_el2":"0x80000000","cnthctl_el2":"0x3"}""",
            """{"kind":"notrap","reg":"CNTP_CTL_EL0","dir":"read","value":"0x0","cnt":"0x10"}""",
            """{"kind":"config","case":"first","reset":false,"cnthctl_el2":"0x1"}""",
            """{"kind":"trap","reg":"CNTP_CTL_EL0","dir":"read","esr":"0x6232f805","to_el":2}""");

        Assert.Empty(result.Mismatches);
    }

    [Fact]
    public void AReconfigurationKeepsWhatTheGuestAndUserspaceWrote()
    {
        ReplayResult result = Replay(
            """{"kind":"config","case":"partial","el":1,"hcr_el2":"0x80000000","cnthctl_el2":"0x3","cntvoff_el2":"0x0","cntkctl_el1":"0x0"}""",
            // The guest kernel lets EL0 read CNTVCT; userspace moves the virtual counter to 0x5.
            """{"kind":"write","reg":"CNTKCTL_EL1","value":"0x2","cnt":"0x10"}""",
            """{"kind":"set_reg","id":"TIMER_CNT","value":"0x5","cnt":"0x20"}""",
            // Only the EL changes: CNTKCTL_EL1 and the offset stay as they were written.
            """{"kind":"config","case":"partial","reset":false,"el":0}""",
            """{"kind":"notrap","reg":"CNTVCT_EL0","dir":"read","value":"0x15","cnt":"0x30"}""",
            """{"kind":"config","case":"partial","reset":false,"el":1,"cntkctl_el1":"0x0"}""",
            """{"kind":"config","case":"partial","reset":false,"el":0}""",
            """{"kind":"trap","reg":"CNTVCT_EL0","dir":"read","esr":"0x6234f801","to_el":1}""");

        Assert.Empty(result.Mismatches);
    }

    [Fact]
    public void IrqIsTheArchitecturalLineAndLevelTheReportedOne()
    {
        ReplayResult result = Replay(
            """{"kind":"config","case":"put","el":1}""",
            """{"kind":"write","reg":"CNTP_CVAL_EL0","value":"0x100","cnt":"0x10"}""",
            """{"kind":"write","reg":"CNTP_CTL_EL0","value":"0x1","cnt":"0x10"}""",
            """{"kind":"put","cnt":"0x20"}""",
            """{"kind":"advance","cnt":"0x200"}""",
            // Put, the vCPU's host timer is stopped: nothing is reported, but the line is due.
            """{"kind":"irq","intid":30,"pending":true,"cnt":"0x200"}""",
            """{"kind":"level","intid":30,"level":false}""",
            """{"kind":"load","cnt":"0x210"}""",
            """{"kind":"level","intid":30,"level":true}""");

        Assert.Empty(result.Mismatches);

        ReplayResult wrong = Replay(
            """{"kind":"config","case":"put","el":1}""",
            """{"kind":"write","reg":"CNTP_CVAL_EL0","value":"0x100","cnt":"0x10"}""",
            """{"kind":"write","reg":"CNTP_CTL_EL0","value":"0x3","cnt":"0x10"}""",
            """{"kind":"irq","intid":30,"pending":true,"cnt":"0x200"}""");
        ReplayMismatch masked = Assert.Single(wrong.Mismatches);
        Assert.Equal("line 30 asserted", masked.Expected);
    }

    [Fact]
    public void AnUnsupportedRegisterFailsItsCaseAndTheOthersStillRun()
    {
        TraceFile trace = TraceReader.Read("rules.jsonl", string.Join("\n",
            """{"kind":"config","case":"unknown","el":1}""",
            """{"kind":"read","reg":"CNTX_CTL_EL0","value":"0x0","cnt":"0x1"}""",
            """{"kind":"read","reg":"CNTV_CTL_EL0","value":"0x0","cnt":"0x2"}""",
            """{"kind":"config","case":"known","el":1}""",
            """{"kind":"read","reg":"CNTV_CTL_EL0","value":"0x4","cnt":"0x2"}"""));

        ReplayResult result = TraceReplayer.Replay(trace);

        ReplayMismatch mismatch = Assert.Single(result.Mismatches);
        Assert.Equal(("unknown", 2), (mismatch.Case, mismatch.Line));
        Assert.Contains("unsupported register 'CNTX_CTL_EL0'", mismatch.Got, StringComparison.Ordinal);
        Assert.Equal(2, result.Cases);
    }
}
