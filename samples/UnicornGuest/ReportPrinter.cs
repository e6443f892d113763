using System.Globalization;
using UnicornGuest.Machine;

namespace UnicornGuest;

/// <summary>Prints the guest's report and the run's summary.</summary>
public static class ReportPrinter
{
    private const int FirstTicks = 5;

    /// <summary>Prints <paramref name="result"/>.</summary>
    /// <param name="output">Where to.</param>
    /// <param name="result">The run.</param>
    public static void Print(TextWriter output, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        GuestReport r = result.Report;
        var w = new Writer(output);
        w.Line("Guest report (written by the guest at EL1 to its report page):");
        w.Line($"  ticks seen          {r.Ticks} (CNTFRQ_EL0 = {r.Frequency} Hz, period {r.Period} cycles)");
        foreach (GuestTick t in r.TickLog.Take(FirstTicks))
        {
            string timer = t.Timer == 0 ? "physical, CNTPCT" : "virtual,  CNTVCT";
            w.Line($"    tick ({timer}) = {t.Count,12}   CVAL {t.Cval,12}   late by {t.Count - t.Cval}");
        }

        w.Line($"  spurious IRQs       {r.Spurious}");
        w.Line($"  IMASK failures      {r.ImaskBad}");
        w.Line($"  UNDEF seen          {r.Undefs} (ESR_EL1 0x{r.UndefEsr:x8}, ELR_EL1 0x{r.UndefElr:x}, the instruction at 0x{r.UndefAt:x})");
        w.Line($"  other sync exc.     {r.OtherSync}" + (r.OtherSync == 0 ? string.Empty : $" (ESR_EL1 0x{r.OtherEsr:x})"));
        w.Line(string.Empty);
        double host = result.HostTime.TotalSeconds;
        w.Line("Summary:");
        w.Line($"  simulated time      {result.SimulatedTime.TotalSeconds:F6} s");
        w.Line($"  host time           {host * 1000:F1} ms");
        w.Line($"  instructions        {result.Instructions} (counted by a UC_HOOK_CODE hook, one call per instruction executed)");
        w.Line($"  traps               {result.Traps} timer-register accesses, {result.Traps / host:F0} per second of host time");
        w.Line($"  IRQs taken          {result.IrqsTaken}; UNDEFs injected {result.UndefsInjected}; WFIs {result.Wfis}");
        w.Line($"  host time per tick  {(r.Ticks == 0 ? 0 : host * 1e6 / r.Ticks):F1} us");
        w.Line($"  PSTATE.IL           SPSR_EL1 at the first IRQ 0x{result.FirstSpsr:x}, PSTATE after its ERET 0x{result.PstateAfterEret:x}");
        w.Line(result.Doorbell == 1 ? "  the guest finished" : $"  the guest FAILED (doorbell {result.Doorbell})");
    }

    private readonly struct Writer(TextWriter output)
    {
        public void Line(FormattableString text) => output.WriteLine(text.ToString(CultureInfo.InvariantCulture));

        public void Line(string text) => output.WriteLine(text);
    }
}
