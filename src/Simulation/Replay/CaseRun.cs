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

/// <summary>One case: a fresh VM, its counter and interrupt controller, and a guest CPU per vCPU, in the case's first configuration.</summary>
internal sealed class CaseRun(string path, TraceCase trace, ReplayResult result)
{
    private ManualCounter _counter = null!;
    private ReplayInterruptController _irq = null!;
    private VmTimers _vm = null!;
    private GuestCpu[] _guests = null!;

    public void Run()
    {
        TraceConfig config = trace.Config;
        _counter = new ManualCounter(config.Frequency);
        _irq = new ReplayInterruptController();
        _vm = new VmTimers(_counter, _irq, new VmTimersOptions
        {
            // The recordings' EL2 is the host's own: E2H = 1 means a VHE host.
            HostMode = config.Settings.E2H == true ? HostMode.Vhe : HostMode.NonVhe,
            Features = SysregFeatures.Vhe, // the recording CPU: FEAT_VHE, no FEAT_ECV
        });
        _guests = new GuestCpu[config.Vcpus];
        for (int i = 0; i < _guests.Length; i++)
        {
            _guests[i] = new GuestCpu(Attach(_vm.CreateVcpu()));
        }

        Configure(config.Settings);
        foreach (TraceEvent e in trace.Events)
        {
            if (!Step(e))
            {
                return;
            }
        }
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
        if (settings.Cntvoff is ulong cntvoff)
        {
            // An offset change re-evaluates the vCPUs, as a CNTVOFF_EL2 write does.
            _vm.SetVirtualOffset(cntvoff);
        }

        foreach (GuestCpu guest in _guests)
        {
            if (settings.El is int el)
            {
                guest.El = el;
            }

            if (settings.Hcr is ulong hcr)
            {
                guest.Hcr = hcr;
            }

            if (settings.Cnthctl is ulong cnthctl)
            {
                guest.CnthctlOverride = Cnthctl.FromRaw(cnthctl);
            }

            if (settings.Cntkctl is ulong cntkctl)
            {
                guest.Cntkctl = cntkctl;
            }
        }
    }

    /// <summary>Replays one event; false when the case cannot go on.</summary>
    private bool Step(TraceEvent e)
    {
        if (e.Count is ulong count && count > _counter.Now)
        {
            _counter.AdvanceTo(count);
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
                Check(e, e.Deadline, vcpu.BackgroundDeadline, d => d is UInt128 v ? $"deadline 0x{v:x}" : "no deadline");
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
        for (ulong c = e.Count!.Value + 1; e.CountMax is ulong max && c <= max && c != 0; c++)
        {
            if (ValueAt(guest.Timers, e.Accessor, c) is ulong v && (v & ~mask) == (e.Value & ~mask))
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
            GuestCpu old = _guests[i];
            guests[i] = new GuestCpu(Attach(vm.Vcpus[i]))
            {
                El = old.El,
                Hcr = old.Hcr,
                CnthctlOverride = old.CnthctlOverride,
                Cntkctl = old.Cntkctl,
            };
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

    /// <summary>The value a read of a timer register or counter gives at physical count <paramref name="physical"/>.</summary>
    private static ulong? ValueAt(VcpuTimers vcpu, SysregAccessor accessor, ulong physical)
    {
        SysregAccessorInfo access = SysregTable.Get(accessor);
        SysregInfo info = SysregCatalog.Get(access.Register);
        if (info.Timer is not TimerId timer || (int)timer >= vcpu.Timers.Length || info.TimerRegister is not TimerRegister register)
        {
            return null;
        }

        ulong value = vcpu[timer].Read(register, physical);
        return access.Kind == AccessorKind.AArch32 ? (uint)value : value;
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

    private void Mismatch(TraceEvent e, string expected, string got) =>
        result.Mismatches.Add(new ReplayMismatch(path, e.Line, trace.Config.Case, expected, got));
}
