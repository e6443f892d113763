using UnicornGuest;
using UnicornGuest.Machine;

namespace SysregGen.Tests.Samples;

/// <summary>
/// samples/UnicornGuest, run in process: a real AArch64 CPU (Unicorn 2) whose guest's timer accesses
/// trap to the runtime. The checks read the guest's own report.
/// </summary>
public sealed class UnicornGuestTests
{
    private const int Ticks = 1000;
    private const int Hz = 1000;
    private const ulong PstateIl = 1UL << 20;   // PSTATE.IL, SPSR.IL

    [UnicornFact]
    public void TheGuestTakesEveryTickAtItsDeadlineAndNoOther()
    {
        RunResult run = RunGuest();
        GuestReport report = run.Report;

        Assert.Equal(1, run.Doorbell);
        Assert.Equal(GuestReport.ExpectedMagic, report.Magic);
        Assert.Equal(GuestMachine.Frequency, report.Frequency);
        Assert.Equal(GuestMachine.Frequency / Hz, report.Period);
        Assert.Equal((ulong)Ticks, report.Ticks);
        Assert.Equal(Ticks, report.TickLog.Count);
        Assert.Equal(Ticks, run.IrqsTaken);
        Assert.Equal(0UL, report.Spurious);
        Assert.Equal(0UL, report.ImaskBad);
        for (int i = 0; i < Ticks; i++)
        {
            GuestTick tick = report.TickLog[i];
            Assert.Equal(i % 2, tick.Timer);   // physical (TVAL), then virtual (CVAL), alternately
            Assert.True(tick.Count >= tick.Cval, $"tick {i}: counter {tick.Count} before CVAL {tick.Cval}");
            if (i + 1 < Ticks)
            {
                ulong next = report.TickLog[i + 1].Cval;
                Assert.True(tick.Count < next, $"tick {i}: counter {tick.Count} not before the next deadline {next}");
            }
        }

        // The counter stands still while the guest runs, so each tick lands on its deadline exactly.
        Assert.Equal((ulong)Ticks * report.Period, report.TickLog[^1].Cval);
        Assert.Equal(TimeSpan.FromSeconds((double)Ticks / Hz), run.SimulatedTime);
    }

    [UnicornFact]
    public void TheUnmodelledRegisterIsAnUndefTheGuestRecordsAndSkips()
    {
        RunResult run = RunGuest();
        GuestReport report = run.Report;

        Assert.Equal(1UL, report.Undefs);
        Assert.Equal(1, run.UndefsInjected);
        Assert.Equal((ulong)Esr.Undefined, report.UndefEsr);   // EC 0, IL 1
        Assert.Equal(report.UndefAt, report.UndefElr);         // ELR_EL1: the UNDEFINED instruction itself
        Assert.Equal(0UL, report.OtherSync);
    }

    [UnicornFact]
    public void ExceptionEntryAndReturnLeavePstateIlClear()
    {
        RunResult run = RunGuest();

        Assert.Equal(0UL, run.FirstSpsr & PstateIl);
        Assert.Equal(0x345UL, run.FirstSpsr & 0x3FF);            // EL1h, D A F set, I clear: interrupted in the idle loop
        Assert.NotEqual(ulong.MaxValue, run.PstateAfterEret);
        Assert.Equal(0UL, run.PstateAfterEret & PstateIl);
        Assert.True(run.Traps > 0 && run.Instructions > run.Traps);
    }

    [UnicornFact]
    public void TheSummaryNamesEveryFigure()
    {
        var text = new StringWriter();
        ReportPrinter.Print(text, RunGuest());

        foreach (string line in new[] { "ticks seen          1000", "UNDEF seen          1", "simulated time      1.000000 s", "instructions", "per second of host time", "host time per tick", "the guest finished" })
        {
            Assert.Contains(line, text.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--ticks")]
    [InlineData("--ticks", "0")]
    [InlineData("--ticks", "100001")]
    [InlineData("--hz", "fast")]
    [InlineData("--speed", "1")]
    public void BadArgumentsAreRefused(params string[] args)
    {
        Assert.False(RunOptions.TryParse(args, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ArgumentsParse()
    {
        Assert.True(RunOptions.TryParse(["--ticks", "5", "--hz", "250"], out RunOptions options, out _));
        Assert.Equal(new RunOptions(5, 250), options);
    }

    [AArch64AssemblerFact]
    public void TheCommittedImageIsWhatTheSourceAssemblesTo()
    {
        string work = Directory.CreateTempSubdirectory("guest-image").FullName;
        try
        {
            byte[] built = GuestImage.Build(work);
            byte[] committed = File.ReadAllBytes(Path.Combine(GuestImage.Directory, "guest.bin"));
            Assert.Equal(committed, built);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static RunResult RunGuest()
    {
        using var machine = new GuestMachine(Ticks, Hz);
        return machine.Run();
    }
}
