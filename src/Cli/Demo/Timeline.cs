using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Cpu;
using SysregGen.Simulation.Workloads;

namespace SysregGen.Cli.Demo;

/// <summary>Counts of what the demo did.</summary>
internal sealed record DemoStatistics
{
    public int Accesses { get; set; }

    public int Emulated { get; set; }

    public int Direct { get; set; }

    public int Raised { get; set; }

    public int Lowered { get; set; }

    public int Wakeups { get; set; }
}

/// <summary>Prints the timeline; it is also the VM's interrupt controller, so it sees every level change.</summary>
internal sealed class Timeline(TextWriter output, bool summaryOnly) : IVirtualInterruptController, IGuestObserver
{
    // Level changes an access causes are printed after the access's own line.
    private readonly List<(int Vcpu, string Text)> _deferred = new();
    private bool _inAccess;

    public ManualCounter Counter { get; set; } = null!;

    public DemoStatistics Statistics { get; } = new();

    public string Format(ulong count) =>
        (count * 1000.0 / Counter.Frequency).ToString("0.000000", CultureInfo.InvariantCulture) + " ms";

    public void Header(DemoSettings s, ulong end)
    {
        output.WriteLine($"sysreg demo: {s.Vcpus} vCPU(s) on a {(s.Host == HostMode.NonVhe ? "non-VHE" : "VHE")} host, CNTFRQ {s.Frequency} Hz, {s.DurationMs.ToString(CultureInfo.InvariantCulture)} ms ({end} counter cycles)");
        output.WriteLine("Guests: vcpu%3 == 0 programs CNTP_TVAL, == 1 reads CNTPCT and programs CNTP_CVAL, == 2 uses the virtual timer (CNTV_TVAL).");
        output.WriteLine();
    }

    public void Woken(GuestCpu cpu)
    {
        Statistics.Wakeups++;
        Line(cpu.Timers.Id, "woken by its background timer");
    }

    public void CannotRun(GuestCpu cpu, KvmResult result) => Line(cpu.Timers.Id, $"cannot run: {result}");

    public void InterruptTaken(GuestCpu cpu, int ppi) => Line(cpu.Timers.Id, $"takes IRQ {ppi}");

    public void SpuriousInterrupt(GuestCpu cpu) => Line(cpu.Timers.Id, "  spurious: ISTATUS is clear");

    public void Accessing(GuestCpu cpu) => _inAccess = true;

    public void Accessed(GuestCpu cpu, SysregAccessor accessor, bool isWrite, ulong value, GuestAccessResult result)
    {
        Statistics.Accesses++;
        string name = SysregTable.Get(accessor).Name;
        string instruction = isWrite ? $"MSR {name}, 0x{value:x}" : $"MRS {name}";
        string outcome = result.Outcome switch
        {
            GuestAccessOutcome.Completed when result.Emulated => $"trapped to EL2 (ESR 0x{result.Esr:x8}), emulated",
            GuestAccessOutcome.Completed => "direct, no trap",
            GuestAccessOutcome.TrappedToGuest => $"trapped to the guest's EL1 (ESR 0x{result.Esr:x8})",
            _ => "UNDEFINED",
        };
        if (result.Emulated)
        {
            Statistics.Emulated++;
        }
        else if (result.Outcome == GuestAccessOutcome.Completed)
        {
            Statistics.Direct++;
        }

        Line(cpu.Timers.Id, isWrite ? $"{instruction,-34} {outcome}" : $"{instruction,-22} = {"0x" + value.ToString("x", CultureInfo.InvariantCulture),-10} {outcome}");
        _inAccess = false;
        foreach ((int v, string text) in _deferred)
        {
            Line(v, text);
        }

        _deferred.Clear();
    }

    public void Blocked(GuestCpu cpu, UInt128? backgroundDeadline, bool wokenAtOnce) =>
        Line(cpu.Timers.Id, backgroundDeadline is UInt128 d
            ? $"WFI: blocked, background timer armed for count 0x{(ulong)d:x} ({Format((ulong)d)})"
            : wokenAtOnce ? "WFI: a line is asserted, woken at once" : "WFI: blocked, no timer can fire");

    public void SetLevel(int vcpu, int intid, bool level)
    {
        if (level)
        {
            Statistics.Raised++;
        }
        else
        {
            Statistics.Lowered++;
        }

        string text = $"PPI {intid} line {(level ? "raised" : "lowered")}";
        if (_inAccess)
        {
            _deferred.Add((vcpu, text));
        }
        else
        {
            Line(vcpu, text);
        }
    }

    public void Summary(IReadOnlyList<TicklessGuest> guests, TimeSpan host)
    {
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine($"  simulated time      {Format(Counter.Now)}");
        output.WriteLine($"  guest accesses      {Statistics.Accesses} ({Statistics.Emulated} trapped and emulated, {Statistics.Direct} direct)");
        output.WriteLine($"  timer interrupts    {Statistics.Raised} raised, {Statistics.Lowered} lowered");
        output.WriteLine($"  background wake-ups {Statistics.Wakeups}");
        for (int i = 0; i < guests.Count; i++)
        {
            output.WriteLine($"  vcpu{i,-3}             {guests[i].Style}: {guests[i].Interrupts} interrupts taken");
        }

        output.WriteLine($"  host time           {host.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms");
    }

    private void Line(int vcpu, string text)
    {
        if (!summaryOnly)
        {
            output.WriteLine($"[{Format(Counter.Now),15}] vcpu{vcpu}  {text}");
        }
    }
}
