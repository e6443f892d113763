using System;
using System.Collections.Generic;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;

namespace SysregGen.Runtime.Replay;

/// <summary>A place where the runtime did not do what the trace recorded.</summary>
/// <param name="File">The trace file.</param>
/// <param name="Line">The line of the event.</param>
/// <param name="Case">The case.</param>
/// <param name="Expected">What the trace says.</param>
/// <param name="Got">What the runtime did.</param>
public sealed record ReplayMismatch(string File, int Line, string Case, string Expected, string Got)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: {Case}: expected {Expected}, got {Got}";
}

/// <summary>The outcome of replaying traces.</summary>
public sealed class ReplayResult
{
    /// <summary>Cases replayed.</summary>
    public int Cases { get; internal set; }

    /// <summary>Events replayed.</summary>
    public int Events { get; internal set; }

    /// <summary>Every mismatch, in file order.</summary>
    public List<ReplayMismatch> Mismatches { get; } = new();

    /// <summary>The summary line of <c>sysreg replay</c>.</summary>
    public string Summary => $"replay: {Cases} cases, {Events} events, {Mismatches.Count} mismatches";

    /// <summary>Adds another result's counts and mismatches.</summary>
    /// <param name="other">The other result.</param>
    public void Add(ReplayResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Cases += other.Cases;
        Events += other.Events;
        Mismatches.AddRange(other.Mismatches);
    }
}

/// <summary>
/// Replays timer traces against the runtime, through its public API only, as an emulator would drive
/// it: guest accesses go through the trap decision and, when they trap, through the generated
/// dispatcher into the handlers; trap/notrap lines are checked against the generated trap decision
/// and the syndrome it gives; hypervisor events call load/put/block/reset/one-reg/snapshot.
/// </summary>
public static class TraceReplayer
{
    /// <summary>Replays every case of a parsed trace.</summary>
    /// <param name="trace">The trace.</param>
    /// <returns>The counts and mismatches.</returns>
    public static ReplayResult Replay(TraceFile trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var result = new ReplayResult();
        foreach (TraceCase c in trace.Cases)
        {
            new CaseRun(trace.Path, c, result).Run();
            result.Cases++;
            foreach (TraceEvent e in c.Events)
            {
                // Reconfigurations are config lines, not events.
                result.Events += e.Kind == TraceEventKind.Config ? 0 : 1;
            }
        }

        return result;
    }

    /// <summary>One case: a fresh VM, its counter and interrupt controller.</summary>
    private sealed class CaseRun(string path, TraceCase trace, ReplayResult result)
    {
        private TraceConfig _config = trace.Config;
        private ManualCounter _counter = null!;
        private ReplayInterruptController _irq = null!;
        private VmTimers _vm = null!;

        public void Run()
        {
            _counter = new ManualCounter(_config.Frequency);
            _irq = new ReplayInterruptController();
            _vm = new VmTimers(_counter, _irq, Options(_config));
            for (int i = 0; i < _config.Vcpus; i++)
            {
                Attach(_vm.CreateVcpu());
            }

            Configure(_config);
            foreach (TraceEvent e in trace.Events)
            {
                Step(e);
            }
        }

        private static VmTimersOptions Options(TraceConfig config) => new()
        {
            HostMode = config.E2H ? HostMode.Vhe : HostMode.NonVhe,
            Features = SysregFeatures.Vhe, // the recording CPU: FEAT_VHE, no FEAT_ECV
        };

        private static void Attach(VcpuTimers vcpu) =>
            // A woken vCPU resumes at once: it is loaded again, which re-evaluates its levels.
            vcpu.WakeCallback = v =>
            {
                v.Unblock();
                v.Load();
            };

        private void Configure(TraceConfig config)
        {
            _config = config;

            // An offset change re-evaluates the vCPUs, as a CNTVOFF_EL2 write does.
            _vm.SetVirtualOffset(config.Cntvoff);

            foreach (VcpuTimers v in _vm.Vcpus)
            {
                v.E2H = config.E2H;
                v.Tge = config.Tge;
                v.CnthctlOverride = Cnthctl.FromRaw(config.Cnthctl);
                v.Cntkctl = config.Cntkctl;
                v.El1IsAArch32 = config.AArch32 && config.El == 1;
            }
        }

        private void Step(TraceEvent e)
        {
            if (e.Count is ulong count && count > _counter.Now)
            {
                _counter.AdvanceTo(count);
            }

            VcpuTimers vcpu = _vm.Vcpus[e.Vcpu];
            switch (e.Kind)
            {
                case TraceEventKind.Config:
                    Configure(e.Config!);
                    break;
                case TraceEventKind.Read or TraceEventKind.Write or TraceEventKind.NoTrap:
                    Access(e, vcpu);
                    break;
                case TraceEventKind.Trap:
                    Trap(e, vcpu);
                    break;
                case TraceEventKind.Irq:
                    Check(e, e.Flag, _irq.Level(e.Vcpu, e.Intid), b => $"line {e.Intid} {(b ? "asserted" : "deasserted")}");
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
                    vcpu.Reset();
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
        }

        private void Access(TraceEvent e, VcpuTimers vcpu)
        {
            if (!Run(e, vcpu))
            {
                return;
            }

            (int rt, int rt2) = Registers(e);
            if (e.Kind == TraceEventKind.NoTrap)
            {
                GuestTrap decision = vcpu.DecideAccess(e.Accessor, e.IsWrite, _config.El, rt, rt2);
                if (decision.Outcome != TrapOutcome.Access)
                {
                    Mismatch(e, "no trap", Describe(decision));
                    return;
                }
            }

            GuestAccessResult r = vcpu.GuestAccess(e.Accessor, e.IsWrite, _config.El, e.Value, rt, rt2);
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
                if (ValueAt(vcpu, e.Accessor, c) is ulong v && (v & ~mask) == (e.Value & ~mask))
                {
                    return;
                }
            }

            Mismatch(e, $"{e.RegisterName} = 0x{e.Value:x}", $"0x{r.Value:x}");
        }

        private void Trap(TraceEvent e, VcpuTimers vcpu)
        {
            if (!Run(e, vcpu))
            {
                return;
            }

            (int rt, int rt2) = Registers(e);
            GuestTrap decision = vcpu.DecideAccess(e.Accessor, e.IsWrite, _config.El, rt, rt2);
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
            // count, a new VM restored from it, and the interrupt controller's reported state.
            string json = TimerSnapshot.Capture(_vm).ToJson();
            var counter = new ManualCounter(_config.Frequency, _counter.Now);
            ReplayInterruptController irq = _irq.Copy();
            var vm = new VmTimers(counter, irq, _vm.Options);
            if (!TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out string? error) || !snapshot!.TryRestore(vm, out error))
            {
                Mismatch(e, "the snapshot to restore", error ?? "a failure");
                return;
            }

            foreach (VcpuTimers v in vm.Vcpus)
            {
                Attach(v);
            }

            _counter = counter;
            _irq = irq;
            _vm = vm;
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
            if (info.Timer is not TimerId timer || (int)timer >= VmTimers.TimerCount || info.TimerRegister is not TimerRegister register)
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
            result.Mismatches.Add(new ReplayMismatch(path, e.Line, _config.Case, expected, got));
    }

    /// <summary>An interrupt controller that keeps what the trace format asks about: each line's reported level and its raises.</summary>
    private sealed class ReplayInterruptController : IVirtualInterruptController
    {
        private readonly Dictionary<(int, int), bool> _levels = new();
        private readonly Dictionary<(int, int), int> _raises = new();

        public void SetLevel(int vcpu, int intid, bool level)
        {
            _levels[(vcpu, intid)] = level;
            if (level)
            {
                _raises[(vcpu, intid)] = Raises(vcpu, intid) + 1;
            }
        }

        public bool Level(int vcpu, int intid) => _levels.TryGetValue((vcpu, intid), out bool l) && l;

        public int Raises(int vcpu, int intid) => _raises.TryGetValue((vcpu, intid), out int n) ? n : 0;

        public ReplayInterruptController Copy()
        {
            var copy = new ReplayInterruptController();
            foreach (KeyValuePair<(int, int), bool> l in _levels)
            {
                copy._levels.Add(l.Key, l.Value);
            }

            foreach (KeyValuePair<(int, int), int> r in _raises)
            {
                copy._raises.Add(r.Key, r.Value);
            }

            return copy;
        }
    }
}
