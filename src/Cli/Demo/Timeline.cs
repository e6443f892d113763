using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SysregGen.Registers;
using SysregGen.Runtime;
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

    /// <summary>Traps a guest hypervisor took (its guest's accesses its CNTHCTL_EL2 traps): the host forwards them.</summary>
    public int Forwarded { get; set; }

    /// <summary>Timer interrupts the guests took.</summary>
    public int Interrupts { get; set; }

    public double SimulatedSeconds { get; set; }

    /// <summary>The counts of a VM run in shards: each shard's added up.</summary>
    public static DemoStatistics Sum(IEnumerable<DemoStatistics> shards)
    {
        var sum = new DemoStatistics();
        foreach (DemoStatistics s in shards)
        {
            sum.Accesses += s.Accesses;
            sum.Emulated += s.Emulated;
            sum.Direct += s.Direct;
            sum.Raised += s.Raised;
            sum.Lowered += s.Lowered;
            sum.Wakeups += s.Wakeups;
            sum.Forwarded += s.Forwarded;
        }

        return sum;
    }

    /// <summary>Every trap the real host took: those it emulated and those it forwarded to a guest hypervisor.</summary>
    public int HostTraps => Emulated + Forwarded;

    public double TrapsPerInterrupt => Interrupts == 0 ? 0 : HostTraps / (double)Interrupts;

    public double TrapsPerSecond => SimulatedSeconds == 0 ? 0 : HostTraps / SimulatedSeconds;
}

/// <summary>
/// Prints the timeline, in the guests' time (the VM's virtual count, which a migration carries over);
/// it is also the VM's interrupt controller, so it sees every level change. A VM run in shards has
/// a timeline per shard; each keeps its lines until <see cref="Write"/> merges them in one order,
/// whatever the sharding: by guest time, then vCPU, then the order the vCPU did things.
/// </summary>
internal sealed class Timeline(TextWriter output, bool summaryOnly) : IVirtualInterruptController, IGuestObserver
{
    // Level changes an access causes are printed after the access's own line.
    private readonly List<(int Vcpu, string Text)> _deferred = new();
    private readonly List<(ulong Time, int Vcpu, string Text)> _pending = new();
    private bool _inAccess;

    /// <summary>The VM whose guests' time stamps the lines (the destination, after a migration).</summary>
    public TicklessVm Vm { get; set; } = null!;

    public DemoStatistics Statistics { get; } = new();

    public string Format(ulong count) =>
        (count * 1000.0 / Vm.Counter.Frequency).ToString("0.000000", CultureInfo.InvariantCulture) + " ms";

    public void Header(DemoSettings s, ulong end)
    {
        string host = s.Host switch { HostMode.NonVhe => "non-VHE", HostMode.Vhe => "VHE", _ => "VHE + FEAT_ECV" };
        string offset = s.PhysicalOffset == 0 ? "" : $", physical offset 0x{s.PhysicalOffset:x}";
        output.WriteLine($"sysreg demo: {s.Vcpus} vCPU(s) on a {host} host{offset}, CNTFRQ {s.Frequency} Hz, {s.DurationMs.ToString(CultureInfo.InvariantCulture)} ms ({end} counter cycles)");
        output.WriteLine("Guests: vcpu%3 == 0 programs CNTP_TVAL, == 1 reads CNTPCT and programs CNTP_CVAL, == 2 uses the virtual timer (CNTV_TVAL).");
        if (s.Nested)
        {
            output.WriteLine("Each runs at EL1 under a VHE guest hypervisor at virtual EL2 that gives it its EL1 timers directly.");
        }
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
            GuestAccessOutcome.TrappedToGuest when result.TargetEl == 2 => $"trapped to the guest hypervisor (ESR 0x{result.Esr:x8})",
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
        else if (result.Outcome == GuestAccessOutcome.TrappedToGuest && result.TargetEl == 2)
        {
            Statistics.Forwarded++;
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
            ? $"WFI: blocked, background timer armed for count 0x{(ulong)d - Vm.Vm.VirtualOffset:x} ({Format((ulong)d - Vm.Vm.VirtualOffset)})"
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

    /// <summary>Writes the lines the shards' timelines hold, in guest time, vCPU and each vCPU's own order, and forgets them.</summary>
    public static void Write(IReadOnlyList<Timeline> shards, TextWriter output)
    {
        IEnumerable<(ulong Time, int Vcpu, string Text)> lines = shards.Count == 1 ? shards[0]._pending : shards.SelectMany(t => t._pending);

        // A stable sort: a vCPU's lines of one count keep the order it did things in.
        foreach ((ulong time, int vcpu, string text) in lines.OrderBy(l => l.Time).ThenBy(l => l.Vcpu))
        {
            output.WriteLine($"[{shards[0].Format(time),15}] vcpu{vcpu}  {text}");
        }

        foreach (Timeline shard in shards)
        {
            shard._pending.Clear();
        }
    }

    public void Summary(IReadOnlyList<TicklessGuest> guests, TimeSpan host, DemoStatistics statistics)
    {
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine($"  simulated time      {Format(Vm.GuestNow)}");
        output.WriteLine($"  guest accesses      {statistics.Accesses} ({statistics.Emulated} trapped and emulated, {statistics.Direct} direct)");
        output.WriteLine($"  traps to the host   {statistics.HostTraps}: {statistics.TrapsPerInterrupt.ToString("0.00", CultureInfo.InvariantCulture)} per timer interrupt, {statistics.TrapsPerSecond.ToString("0", CultureInfo.InvariantCulture)} per simulated second");
        output.WriteLine($"  timer interrupts    {statistics.Raised} raised, {statistics.Lowered} lowered");
        output.WriteLine($"  background wake-ups {statistics.Wakeups}");
        for (int i = 0; i < guests.Count; i++)
        {
            output.WriteLine($"  vcpu{i,-3}             {guests[i].Style}: {guests[i].Interrupts} interrupts taken");
        }

        output.WriteLine($"  host time           {host.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms");
    }

    /// <summary>A line about the whole VM (not one vCPU's), at the current guest time, after the vCPUs' lines so far (the VM runs in one shard).</summary>
    public void Note(string text)
    {
        if (!summaryOnly)
        {
            Write([this], output);
            output.WriteLine($"[{Format(Vm.GuestNow),15}] {text}");
        }
    }

    private void Line(int vcpu, string text)
    {
        if (!summaryOnly)
        {
            _pending.Add((Vm.GuestNow, vcpu, text));
        }
    }
}
