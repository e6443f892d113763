using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;

namespace SysregGen.Cli.Demo;

/// <summary>
/// A deterministic simulated VM: every vCPU runs a tickless guest kernel that programs its timer for
/// the next event, enables it, executes WFI, takes the interrupt, masks it and reprograms, as Linux's
/// arch timer driver does in one-shot mode. Time is a <see cref="ManualCounter"/> that jumps from one
/// host-timer deadline to the next, so the same settings always print the same timeline.
/// </summary>
internal static class DemoSimulation
{
    public static DemoStatistics Run(DemoSettings settings, TextWriter output, TerminalProgress? progress = null)
    {
        var counter = new ManualCounter(settings.Frequency);
        var timeline = new Timeline(counter, output, settings.SummaryOnly);
        var vm = new VmTimers(counter, timeline, new VmTimersOptions { HostMode = settings.Host });
        var guests = new List<TicklessGuest>();
        for (int i = 0; i < settings.Vcpus; i++)
        {
            VcpuTimers vcpu = vm.CreateVcpu();
            var guest = new TicklessGuest(vcpu, timeline, (GuestStyle)(i % 3));
            vcpu.WakeCallback = _ => guest.Wake();
            guests.Add(guest);
        }

        ulong end = (ulong)Math.Min(settings.DurationMs * settings.Frequency / 1000.0, ulong.MaxValue / 2);
        timeline.Header(settings, end);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        while (true)
        {
            foreach (TicklessGuest guest in guests)
            {
                if (guest.Runnable)
                {
                    guest.RunUntilWfi();
                }
            }

            UInt128? next = counter.NextDeadline;
            if (next is not UInt128 deadline || deadline > end)
            {
                counter.AdvanceTo(Math.Max(end, counter.Now));
                break;
            }

            counter.AdvanceTo((ulong)deadline);

            // A summary-only run of a big simulation prints nothing for a while: show how far it is.
            progress?.Report($"demo: {timeline.Format(counter.Now)} of {settings.DurationMs.ToString(CultureInfo.InvariantCulture)} ms simulated");
        }

        TimeSpan host = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        timeline.Summary(settings, guests, host);
        return timeline.Statistics;
    }
}

internal enum GuestStyle
{
    /// <summary>Programs the EL1 physical timer with TVAL (relative).</summary>
    PhysicalTval,

    /// <summary>Reads CNTPCT and programs the EL1 physical timer with CVAL (absolute).</summary>
    PhysicalCval,

    /// <summary>Uses the virtual timer, which KVM leaves to hardware.</summary>
    VirtualTval,
}

/// <summary>One vCPU's guest: a tickless kernel's timer code.</summary>
internal sealed class TicklessGuest
{
    // Next-event distances in units of the vCPU's base period: a busy phase, then idle stretches.
    private static readonly int[] s_pattern = { 1, 1, 2, 1, 4, 1, 3 };

    private readonly VcpuTimers _vcpu;
    private readonly Timeline _timeline;
    private readonly GuestStyle _style;
    private readonly ulong _basePeriod;
    private int _ticks;

    public TicklessGuest(VcpuTimers vcpu, Timeline timeline, GuestStyle style)
    {
        _vcpu = vcpu;
        _timeline = timeline;
        _style = style;
        _basePeriod = vcpu.Vm.Frequency / 1000 * (ulong)(vcpu.Id % 3 + 1) + (ulong)vcpu.Id * 7;
        Runnable = true;
    }

    public bool Runnable { get; private set; }

    public int Interrupts { get; private set; }

    public GuestStyle Style => _style;

    public void Wake()
    {
        _timeline.Event(_vcpu.Id, "woken by its background timer");
        Runnable = true;
    }

    /// <summary>Runs the guest from where it stopped to its next WFI.</summary>
    public void RunUntilWfi()
    {
        Runnable = false;
        _vcpu.Unblock();
        KvmResult loaded = _vcpu.Load();
        if (loaded != KvmResult.Ok)
        {
            _timeline.Event(_vcpu.Id, $"cannot run: {loaded}");
            return;
        }

        bool physical = _style != GuestStyle.VirtualTval;
        SysregAccessor ctl = physical ? SysregAccessor.CntpCtlEl0 : SysregAccessor.CntvCtlEl0;
        int ppi = physical ? _vcpu.Physical.Ppi : _vcpu.Virtual.Ppi;

        if (_ticks > 0)
        {
            if ((_vcpu.DeviceIrqLevel & (physical ? DeviceIrqLevel.El1PTimer : DeviceIrqLevel.El1VTimer)) != 0)
            {
                // The interrupt handler: check ISTATUS, then mask the timer until it is reprogrammed.
                Interrupts++;
                _timeline.Event(_vcpu.Id, $"takes IRQ {ppi}");
                ulong status = Access(ctl, isWrite: false, 0);
                if ((status & CntpCtl.IstatusMask) == 0)
                {
                    _timeline.Event(_vcpu.Id, "  spurious: ISTATUS is clear");
                }

                Access(ctl, isWrite: true, CntpCtl.Reset.WithEnable(true).WithImask(true).Raw);
            }
        }

        ulong delta = _basePeriod * (ulong)s_pattern[_ticks % s_pattern.Length];
        _ticks++;
        switch (_style)
        {
            case GuestStyle.PhysicalCval:
                ulong now = Access(SysregAccessor.CntpctEl0, isWrite: false, 0);
                Access(SysregAccessor.CntpCvalEl0, isWrite: true, now + delta);
                break;
            case GuestStyle.PhysicalTval:
                Access(SysregAccessor.CntpTvalEl0, isWrite: true, delta);
                break;
            default:
                Access(SysregAccessor.CntvTvalEl0, isWrite: true, delta);
                break;
        }

        Access(ctl, isWrite: true, CntpCtl.Reset.WithEnable(true).Raw);

        _vcpu.Block();
        UInt128? deadline = _vcpu.BackgroundDeadline;
        _timeline.Event(_vcpu.Id, deadline is UInt128 d
            ? $"WFI: blocked, background timer armed for count 0x{(ulong)d:x} ({_timeline.Format((ulong)d)})"
            : _vcpu.WokenSinceBlock ? "WFI: a line is asserted, woken at once" : "WFI: blocked, no timer can fire");
    }

    private ulong Access(SysregAccessor accessor, bool isWrite, ulong value)
    {
        _timeline.BeginAccess();
        GuestAccessResult result = _vcpu.GuestAccess(accessor, isWrite, el: 1, value, rt: isWrite ? 1 : 0);
        _timeline.Access(_vcpu.Id, accessor, isWrite, isWrite ? value : result.Value, result);
        return result.Value;
    }
}

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
internal sealed class Timeline(ManualCounter counter, TextWriter output, bool summaryOnly) : IVirtualInterruptController
{
    // Level changes an access causes are printed after the access's own line.
    private readonly List<(int Vcpu, string Text)> _deferred = new();
    private bool _inAccess;

    public DemoStatistics Statistics { get; } = new();

    public void BeginAccess() => _inAccess = true;

    public string Format(ulong count) =>
        (count * 1000.0 / counter.Frequency).ToString("0.000000", CultureInfo.InvariantCulture) + " ms";

    public void Header(DemoSettings s, ulong end)
    {
        output.WriteLine($"sysreg demo: {s.Vcpus} vCPU(s) on a {(s.Host == HostMode.NonVhe ? "non-VHE" : "VHE")} host, CNTFRQ {s.Frequency} Hz, {s.DurationMs.ToString(CultureInfo.InvariantCulture)} ms ({end} counter cycles)");
        output.WriteLine("Guests: vcpu%3 == 0 programs CNTP_TVAL, == 1 reads CNTPCT and programs CNTP_CVAL, == 2 uses the virtual timer (CNTV_TVAL).");
        output.WriteLine();
    }

    public void Event(int vcpu, string text)
    {
        if (text.StartsWith("woken", StringComparison.Ordinal))
        {
            Statistics.Wakeups++;
        }

        Line(vcpu, text);
    }

    public void Access(int vcpu, SysregAccessor accessor, bool isWrite, ulong value, GuestAccessResult result)
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

        Line(vcpu, isWrite ? $"{instruction,-34} {outcome}" : $"{instruction,-22} = {"0x" + value.ToString("x", CultureInfo.InvariantCulture),-10} {outcome}");
        _inAccess = false;
        foreach ((int v, string text) in _deferred)
        {
            Line(v, text);
        }

        _deferred.Clear();
    }

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

    public void Summary(DemoSettings s, List<TicklessGuest> guests, TimeSpan host)
    {
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine($"  simulated time      {Format(counter.Now)}");
        output.WriteLine($"  guest accesses      {Statistics.Accesses} ({Statistics.Emulated} trapped and emulated, {Statistics.Direct} direct)");
        output.WriteLine($"  timer interrupts    {Statistics.Raised} raised, {Statistics.Lowered} lowered");
        output.WriteLine($"  background wake-ups {Statistics.Wakeups}");
        foreach (TicklessGuest g in guests)
        {
            output.WriteLine($"  vcpu{guests.IndexOf(g),-3}             {g.Style}: {g.Interrupts} interrupts taken");
        }

        output.WriteLine($"  host time           {host.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms");
    }

    private void Line(int vcpu, string text)
    {
        if (!summaryOnly)
        {
            output.WriteLine($"[{Format(counter.Now),15}] vcpu{vcpu}  {text}");
        }
    }
}
