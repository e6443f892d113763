using System;
using System.Collections.Generic;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Simulation.Replay;

/// <summary>
/// One case: a fresh VM, its counter and interrupt controller, and a guest CPU per vCPU, in the case's
/// first configuration. Under a guest hypervisor (<see cref="CaseSetup.GuestHypervisor"/>) the VM has
/// nested virtualisation, the config's EL2 registers are the guest hypervisor's, and the host's
/// counter runs <see cref="CaseSetup.VmOffset"/> ahead of the guest hypervisor's physical count.
/// </summary>
internal sealed class CaseRun(string path, TraceCase trace, CaseSetup setup, ReplayResult result)
{
    private readonly List<ReplayMismatch> _mismatches = new();
    private string? _skip;
    private ManualCounter _counter = null!;
    private ReplayInterruptController _irq = null!;
    private VmTimers _vm = null!;
    private GuestCpu[] _guests = null!;

    /// <summary>Runs the case; returns why it was skipped after all, or null (its mismatches are then in the result).</summary>
    public string? Run()
    {
        TraceConfig config = trace.Config;
        _counter = new ManualCounter(config.Frequency, setup.VmOffset);
        _irq = new ReplayInterruptController();
        _vm = new VmTimers(_counter, _irq, new VmTimersOptions
        {
            HostMode = setup.Host,
            Features = SysregFeatures.Vhe, // the recording CPU, shown to the guest in every mode: FEAT_VHE, no FEAT_ECV
            NestedVirtualization = setup.GuestHypervisor,
        });
        if (setup.GuestHypervisor && _vm.SetCounterOffset(setup.VmOffset) != KvmResult.Ok)
        {
            throw new InvalidOperationException("A new VM refused its counter offset.");
        }

        _guests = new GuestCpu[config.Vcpus];
        for (int i = 0; i < _guests.Length; i++)
        {
            _guests[i] = new GuestCpu(Attach(_vm.CreateVcpu()));
        }

        Configure(config.Settings);
        foreach (TraceEvent e in trace.Events)
        {
            if (!Step(e) || _skip is not null)
            {
                break;
            }
        }

        if (_skip is null)
        {
            result.Mismatches.AddRange(_mismatches);
        }

        return _skip;
    }

    private static VcpuTimers Attach(VcpuTimers vcpu)
    {
        // A woken vCPU resumes at once: it is loaded again, which re-evaluates its levels.
        vcpu.WakeCallback = v =>
        {
            v.Unblock();
            v.Load();
        };
        return vcpu;
    }

    /// <summary>Applies the settings a config line names; every other setting keeps its current value.</summary>
    private void Configure(TraceSettings settings)
    {
        if (settings.Cntvoff is ulong voffset && !setup.GuestHypervisor)
        {
            // The host's own CNTVOFF_EL2 is the VM's virtual offset; changing it re-evaluates the vCPUs.
            _vm.SetVirtualOffset(voffset);
        }

        foreach (GuestCpu guest in _guests)
        {
            // HCR_EL2 first: whether TGE is set decides which ELs the guest may be at.
            if (settings.Hcr is ulong hcr)
            {
                guest.Hcr = hcr;
            }

            if (settings.El is int el)
            {
                guest.El = el;
            }

            if (settings.Cnthctl is ulong cnthctl)
            {
                guest.Cnthctl = Cnthctl.FromRaw(cnthctl);
            }

            if (settings.Cntkctl is ulong cntkctl)
            {
                guest.Cntkctl = cntkctl;
            }

            if (settings.Cntvoff is ulong cntvoff && setup.GuestHypervisor)
            {
                guest.Cntvoff = cntvoff;
            }
        }
    }

    /// <summary>Replays one event; false when the case cannot go on.</summary>
    private bool Step(TraceEvent e)
    {
        if (e.Count is ulong cnt && cnt + setup.VmOffset > _counter.Now)
        {
            _counter.AdvanceTo(cnt + setup.VmOffset);
        }

        if (!e.IsSupported)
        {
            Mismatch(e, $"an access to {e.RegisterName}", $"unsupported register '{e.RegisterName}': the rest of the case is not replayed");
            return false;
        }

        GuestCpu guest = _guests[e.Vcpu];
        VcpuTimers vcpu = guest.Timers;
        switch (e.Kind)
        {
            case TraceEventKind.Config:
                Configure(e.Settings!);
                break;
            case TraceEventKind.Read or TraceEventKind.Write or TraceEventKind.NoTrap:
                Access(e, guest);
                break;
            case TraceEventKind.Trap:
                Trap(e, guest);
                break;
            case TraceEventKind.Irq:
                Check(e, e.Flag, LineAsserted(vcpu, e.Intid, _counter.Now), b => $"line {e.Intid} {(b ? "asserted" : "deasserted")}");
                break;
            case TraceEventKind.Level:
                Check(e, e.Flag, _irq.Level(e.Vcpu, e.Intid), b => $"level {(b ? "high" : "low")} on {e.Intid}");
                break;
            case TraceEventKind.Raises:
                Check(e, e.Number, _irq.Raises(e.Vcpu, e.Intid), n => $"{n} raise(s) of {e.Intid}");
                break;
            case TraceEventKind.Wake:
                Check(e, e.Flag, vcpu.WokenSinceBlock, b => b ? "woken" : "not woken");
                break;
            case TraceEventKind.Deadline:
                // A deadline is a count of the trace, as `cnt` is: under a guest hypervisor, its physical count.
                Check(e, e.Deadline, vcpu.BackgroundDeadline is UInt128 at ? at - setup.VmOffset : null, d => d is UInt128 v ? $"deadline 0x{v:x}" : "no deadline");
                break;
            case TraceEventKind.Block:
                vcpu.Block();
                break;
            case TraceEventKind.Load:
                Check(e, KvmResult.Ok, vcpu.Load(), r => $"load {r}");
                break;
            case TraceEventKind.Put:
                vcpu.Put();
                break;
            case TraceEventKind.Reset:
                guest.Reset();
                break;
            case TraceEventKind.SetReg:
                Check(e, KvmResult.Ok, vcpu.SetOneReg(e.RegisterId, e.Value), r => $"set {e.RegisterName}: {r}");
                break;
            case TraceEventKind.GetReg:
                GetReg(e, vcpu);
                break;
            case TraceEventKind.Snapshot:
                Snapshot(e);
                break;
        }

        return true;
    }

    /// <summary>The architectural line: some timer of the vCPU on <paramref name="intid"/> has ENABLE, not IMASK, and its condition met, loaded or not.</summary>
    private static bool LineAsserted(VcpuTimers vcpu, int intid, ulong now)
    {
        foreach (TimerContext t in vcpu.Timers)
        {
            if (t.Ppi == intid && t.ShouldFire(now))
            {
                return true;
            }
        }

        return false;
    }

    private void Access(TraceEvent e, GuestCpu guest)
    {
        if (!Run(e, guest.Timers))
        {
            return;
        }

        (int rt, int rt2) = Registers(e);
        if (e.Kind == TraceEventKind.NoTrap)
        {
            GuestTrap decision = guest.Decide(e.Accessor, e.IsWrite, rt, rt2);
            if (decision.Outcome != TrapOutcome.Access)
            {
                Mismatch(e, "no trap", Describe(decision));
                return;
            }
        }

        GuestAccessResult r = guest.Execute(e.Accessor, e.IsWrite, e.Value, rt, rt2);
        if (r.Outcome == GuestAccessOutcome.TrappedToGuest && r.TargetEl == 2 && guest.El < 2 && !AtHostEl0(guest))
        {
            // The line says the hypervisor under test emulated a trap to EL2; a guest hypervisor takes it instead.
            _skip = "an access traps to the hypervisor under test, which emulates it; under a guest hypervisor that hypervisor takes the trap";
            return;
        }

        if (r.Outcome != GuestAccessOutcome.Completed)
        {
            Mismatch(e, $"the {(e.IsWrite ? "write" : "read")} to complete", r.Outcome == GuestAccessOutcome.Undefined
                ? $"UNDEFINED (to EL{r.TargetEl})"
                : $"a trap to EL{r.TargetEl} with ESR 0x{r.Esr:x8}");
            return;
        }

        if (e.IsWrite)
        {
            return;
        }

        ulong mask = IgnoredBits(e.Accessor, e.Value);
        if ((r.Value & ~mask) == (e.Value & ~mask))
        {
            return;
        }

        // An inexact count: the read is right if some count in [cnt, cnt_max] gives the value.
        Sysreg reached = guest.Decide(e.Accessor, isWrite: false).Register;
        for (ulong later = 1; e.CountMax is ulong max && later <= max - e.Count!.Value && later != 0; later++)
        {
            if (ValueLater(guest.Timers, e.Accessor, reached, r.Value, later) is ulong v && (v & ~mask) == (e.Value & ~mask))
            {
                return;
            }
        }

        Mismatch(e, $"{e.RegisterName} = 0x{e.Value:x}", $"0x{r.Value:x}");
    }

    private void Trap(TraceEvent e, GuestCpu guest)
    {
        if (!Run(e, guest.Timers))
        {
            return;
        }

        (int rt, int rt2) = Registers(e);
        GuestTrap decision = guest.Decide(e.Accessor, e.IsWrite, rt, rt2);
        string expected = $"a trap to EL{e.ToEl} with ESR 0x{e.Esr:x8}";
        if (decision.Outcome == TrapOutcome.Access || decision.TargetEl != e.ToEl || decision.Esr != e.Esr)
        {
            Mismatch(e, expected, Describe(decision));
        }
    }

    private void GetReg(TraceEvent e, VcpuTimers vcpu)
    {
        KvmResult r = vcpu.GetOneReg(e.RegisterId, out ulong value);
        bool isCtl = e.RegisterId is KvmRegisterIds.TimerCtl or KvmRegisterIds.PtimerCtl;
        ulong mask = isCtl && (e.Value & CntpCtl.EnableMask) == 0 ? CntpCtl.IstatusMask : 0;
        if (r != KvmResult.Ok)
        {
            Mismatch(e, $"{e.RegisterName} = 0x{e.Value:x}", r.ToString());
        }
        else if ((value & ~mask) != (e.Value & ~mask))
        {
            Mismatch(e, $"{e.RegisterName} = 0x{e.Value:x}", $"0x{value:x}");
        }
    }

    private void Snapshot(TraceEvent e)
    {
        // Everything that carries on goes through the snapshot's JSON: a new counter at the same
        // count, a new VM restored from it, and the interrupt controller's reported state. The guest
        // CPUs' own registers (EL, HCR_EL2, CNTHCTL_EL2, CNTKCTL_EL1) are the CPU model's, not the
        // timers': they move to the new vCPUs as a VMM would move them.
        string json = TimerSnapshot.Capture(_vm).ToJson();
        var counter = new ManualCounter(trace.Config.Frequency, _counter.Now);
        ReplayInterruptController irq = _irq.Copy();
        var vm = new VmTimers(counter, irq, _vm.Options);
        if (!TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out string? error) || !snapshot!.TryRestore(vm, out error))
        {
            Mismatch(e, "the snapshot to restore", error ?? "a failure");
            return;
        }

        var guests = new GuestCpu[_guests.Length];
        for (int i = 0; i < guests.Length; i++)
        {
            guests[i] = new GuestCpu(Attach(vm.Vcpus[i]));
            guests[i].Restore(_guests[i].Capture());
        }

        _counter = counter;
        _irq = irq;
        _vm = vm;
        _guests = guests;
    }

    /// <summary>A guest access by a put or blocked vCPU means it runs again: it is unblocked and loaded first.</summary>
    private bool Run(TraceEvent e, VcpuTimers vcpu)
    {
        if (vcpu.IsLoaded)
        {
            return true;
        }

        vcpu.Unblock();
        KvmResult loaded = vcpu.Load();
        if (loaded != KvmResult.Ok)
        {
            Mismatch(e, "the vCPU to run", $"load {loaded}");
            return false;
        }

        return true;
    }

    /// <summary>The transfer registers the recordings use: X0 for reads and X1 for writes; R0 (and R1 as Rt2) in AArch32.</summary>
    private static (int Rt, int Rt2) Registers(TraceEvent e) =>
        SysregTable.Get(e.Accessor).Kind == AccessorKind.AArch64 ? (e.IsWrite ? 1 : 0, 1) : (0, 1);

    /// <summary>What the format leaves uncompared: ISTATUS of a CTL read whose ENABLE is 0.</summary>
    private static ulong IgnoredBits(SysregAccessor accessor, ulong expected)
    {
        SysregInfo info = SysregCatalog.Get(SysregTable.Get(accessor).Register);
        return info.TimerRegister == TimerRegister.Ctl && (expected & CntpCtl.EnableMask) == 0 ? CntpCtl.IstatusMask : 0;
    }

    /// <summary>
    /// The value a read of a timer register gives <paramref name="later"/> counts after it gave
    /// <paramref name="now"/>: a counter has moved on by as much, a TVAL down by as much (32 bits),
    /// and a CTL's ISTATUS follows the condition of the timer it reaches; null for anything else.
    /// </summary>
    private ulong? ValueLater(VcpuTimers vcpu, SysregAccessor accessor, Sysreg reached, ulong now, ulong later)
    {
        SysregInfo info = SysregCatalog.Get(reached);
        bool narrow = SysregTable.Get(accessor).Kind == AccessorKind.AArch32;
        ulong value;
        switch (info.TimerRegister)
        {
            case TimerRegister.Count:
                value = now + later;
                break;
            case TimerRegister.Tval:
                value = (uint)(now - later);
                break;
            case TimerRegister.Ctl when info.Timer is TimerId timer && (int)timer < vcpu.Timers.Length:
                value = vcpu[timer].Read(TimerRegister.Ctl, _counter.Now + later);
                break;
            default:
                return null;
        }

        return narrow ? (uint)value : value;
    }

    private static string Describe(GuestTrap d) => d.Outcome switch
    {
        TrapOutcome.Access => "no trap (the access completes)",
        TrapOutcome.Trap => $"a trap to EL{d.TargetEl} with ESR 0x{d.Esr:x8}",
        _ => $"UNDEFINED (ESR 0x{d.Esr:x8}) to EL{d.TargetEl}",
    };

    private void Check<T>(TraceEvent e, T expected, T actual, Func<T, string> describe)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Mismatch(e, describe(expected), describe(actual));
        }
    }

    private static bool AtHostEl0(GuestCpu guest) => guest.El == 0 && guest.E2H && guest.Tge;

    private void Mismatch(TraceEvent e, string expected, string got) =>
        _mismatches.Add(new ReplayMismatch(path, e.Line, trace.Config.Case, expected, got));
}
