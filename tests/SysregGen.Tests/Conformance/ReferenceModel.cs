namespace SysregGen.Tests.Conformance;

/// <summary>The VM a model run starts from.</summary>
/// <param name="Nested">Whether the vCPUs have virtual EL2: a guest hypervisor runs at (virtual) EL2, with four timers per vCPU.</param>
/// <param name="Ecv">Whether the CPU shows FEAT_ECV (CNTPOFF_EL2, CNTPCTSS/CNTVCTSS, CNTHCTL_EL2.ECV and the EL1TVT/EL1TVCT traps).</param>
/// <param name="VmOffset">With <paramref name="Nested"/>, the VM's counter offset (both the virtual and the physical one, pinned at creation): the guest hypervisor's physical count is the host's minus it. Ignored otherwise.</param>
/// <param name="Vcpus">The number of vCPUs.</param>
internal sealed record ModelVm(bool Nested, bool Ecv, ulong VmOffset, int Vcpus);

/// <summary>What became of an access in the model.</summary>
internal enum ModelOutcomeKind
{
    Completed,
    Trapped,
    Undefined,
}

/// <summary>An access's outcome: completed (with the value read), trapped (to <paramref name="TargetEl"/>, with a syndrome) or UNDEFINED (to <paramref name="TargetEl"/>).</summary>
internal readonly record struct ModelOutcome(ModelOutcomeKind Kind, int TargetEl, uint Esr, ulong Value);

/// <summary>
/// A deliberately simple model of what a guest (and, with virtual EL2, its guest hypervisor) and
/// userspace observe of KVM's timers, written from the architecture and KVM rules
/// (arm-timer-arch.md §1.2, §4.1-§4.6; kvm-timer.md §4.1-§4.3, §4.5-§4.8, §4.12) and sharing no
/// code with the runtime: plain fields, register names as strings, the rules restated as arithmetic.
/// The trap decision is the tests' own transcription of §4.5 (<see cref="Reference.ArchitectureReference"/>).
/// The property test drives it and the runtime side by side and compares everything observable.
/// </summary>
/// <remarks>
/// Rules, as the model states them (H is the host's count):
/// <list type="bullet">
/// <item>Without virtual EL2, the guest's counts are H - VO (virtual) and H - PO (physical), VO and PO
/// the VM's offsets, which TIMER_CNT/PTIMER_CNT move. With it, the VM's offsets are pinned at O (the
/// counter-offset ioctl) and the guest hypervisor's physical count is P = H - O; the EL1 virtual timer
/// counts P - CNTVOFF_EL2, the EL1 physical one P - PhysOffset (CNTPOFF_EL2 when FEAT_ECV,
/// CNTHCTL_EL2.ECV and not {E2H,TGE} = {1,1}; else 0), the EL2 timers P.</item>
/// <item>condition = CVAL &lt;= count (unsigned); should-fire = ENABLE and not IMASK and condition.</item>
/// <item>A loaded vCPU re-evaluates (raises or lowers) a timer's line on every guest write to that
/// timer; all its lines on load, on a userspace write to one of its registers (exit, set, re-entry,
/// even a write that changes nothing) and when an offset its timers use changes (CNTVOFF_EL2,
/// CNTPOFF_EL2 in or out of force, the VM's offsets). While loaded,
/// a line that can fire rises when the count reaches CVAL; nothing else lowers a line; a condition
/// that ends only because the count wrapped leaves the line as it was until the next re-evaluation.</item>
/// <item>Blocking (WFI) puts the vCPU. It is woken at once if a line is high or a timer should fire;
/// otherwise its deadline is the earliest host count at which a timer that can fire (any of its
/// timers, the EL2 ones too) meets its condition. At the deadline it is woken and (as the trace
/// format has it) loaded again.</item>
/// <item>Reset clears every CTL (CVAL stays), lowers every line, CNTKCTL_EL1 becomes 0 and, with
/// virtual EL2, CNTHCTL_EL2 0x3 and both offsets 0; the EL and HCR_EL2 stay. Nothing is raised.</item>
/// </list>
/// </remarks>
internal sealed partial class ReferenceModel
{
    public const int Ptimer = 30;
    public const int Vtimer = 27;
    public const int HVtimer = 28;
    public const int HPtimer = 26;
    public const ulong Frequency = 62_500_000;

    /// <summary>Every PPI a timer of either kind of VM may use, in the order the observations are listed.</summary>
    public static readonly int[] Ppis = { Ptimer, Vtimer, HVtimer, HPtimer };

    private readonly Vcpu[] _vcpus;

    public ReferenceModel(ModelVm vm)
    {
        Vm = vm;
        _vcpus = Enumerable.Range(0, vm.Vcpus).Select(_ => new Vcpu(vm.Nested)).ToArray();
        if (vm.Nested)
        {
            // The counter-offset ioctl, before any vCPU runs; the host's counter starts where the guest
            // hypervisor's physical count is 0.
            VirtualOffset = PhysicalOffset = vm.VmOffset;
            Pinned = true;
            Now = vm.VmOffset;
        }
    }

    public ModelVm Vm { get; }

    /// <summary>The host's count.</summary>
    public ulong Now { get; private set; }

    public ulong VirtualOffset { get; private set; }

    public ulong PhysicalOffset { get; private set; }

    /// <summary>Whether the VM's offsets were pinned (the counter-offset ioctl): TIMER_CNT/PTIMER_CNT writes are then ignored.</summary>
    public bool Pinned { get; }

    public int VcpuCount => _vcpus.Length;

    public bool Level(int vcpu, int ppi) => Timer(_vcpus[vcpu], ppi) is { } t && t.Level;

    public int Raises(int vcpu, int ppi) => Timer(_vcpus[vcpu], ppi)?.Raises ?? 0;

    public bool Woken(int vcpu) => _vcpus[vcpu].Woken;

    public bool IsLoaded(int vcpu) => _vcpus[vcpu].Loaded;

    /// <summary>The blocked vCPU's background deadline, null when not blocked, woken, or nothing can fire.</summary>
    public UInt128? Deadline(int vcpu)
    {
        Vcpu v = _vcpus[vcpu];
        return v.Blocked && !v.Woken ? EarliestDeadline(v) : null;
    }

    // ---- time --------------------------------------------------------------------------------------

    public void AdvanceTo(ulong target)
    {
        if (target < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(target));
        }

        ulong from = Now;
        foreach (Vcpu v in _vcpus)
        {
            ulong start = from;
            if (v.Blocked && !v.Woken && EarliestDeadline(v) is UInt128 due && due <= target)
            {
                // Blocked until the deadline, then woken and loaded, then running to the target.
                start = (ulong)due;
                Now = start;
                v.Woken = true;
                v.Blocked = false;
                Load(v);
            }

            if (v.Loaded)
            {
                foreach (TimerState t in v.Timers)
                {
                    ulong c1 = start - ConditionOffset(v, t);
                    ulong c2 = target - ConditionOffset(v, t);
                    bool wrapped = target > start && c2 < c1;
                    bool reached = (target > start) && (c2 >= t.Cval || wrapped);
                    if (!t.Level && CanFire(t) && reached)
                    {
                        Raise(t, true);
                    }
                }
            }

            Now = from;
        }

        Now = target;
    }

    // ---- world switch ------------------------------------------------------------------------------

    public void Load(int vcpu)
    {
        Vcpu v = _vcpus[vcpu];
        v.Blocked = false;
        Load(v);
    }

    public void Put(int vcpu) => _vcpus[vcpu].Loaded = false;

    /// <summary>
    /// The VM is saved and restored: a loaded vCPU is re-evaluated as at a load (a line whose condition
    /// ended only because the count wrapped falls here, as the trace format allows); nothing else changes.
    /// </summary>
    public void Restore()
    {
        foreach (Vcpu v in _vcpus.Where(v => v.Loaded))
        {
            EvaluateAll(v);
        }
    }

    public void Block(int vcpu)
    {
        Vcpu v = _vcpus[vcpu];
        v.Loaded = false;
        v.Blocked = true;
        v.Woken = false;
        if (v.Timers.Any(t => t.Level || ShouldFire(v, t)))
        {
            v.Woken = true;
            v.Blocked = false;
            Load(v);
        }
    }

    public void Reset(int vcpu)
    {
        Vcpu v = _vcpus[vcpu];
        foreach (TimerState t in v.Timers)
        {
            t.Ctl = 0;
            if (t.Level)
            {
                Raise(t, false);
            }
        }

        // With every timer disabled, the offsets' reset changes no line.
        v.Blocked = false;
        v.Cntkctl = 0;
        v.Cnthctl = CnthctlReset;
        v.Cntvoff = 0;
        v.Cntpoff = 0;
    }

    // ---- userspace (one-reg) -----------------------------------------------------------------------

    /// <summary>The one-reg ids the model knows, by KVM's names; the EL2 ones exist only with virtual EL2.</summary>
    public static readonly string[] OneRegs =
    {
        "TIMER_CTL", "TIMER_CVAL", "TIMER_CNT", "PTIMER_CTL", "PTIMER_CVAL", "PTIMER_CNT",
        "CNTHP_CTL_EL2", "CNTHP_CVAL_EL2", "CNTHV_CTL_EL2", "CNTHV_CVAL_EL2", "CNTVOFF_EL2", "CNTPOFF_EL2",
    };

    /// <summary>Whether a vCPU of this VM has the one-reg register (the EL2 timers and offsets need virtual EL2).</summary>
    public bool HasOneReg(string id) => Vm.Nested || Array.IndexOf(OneRegs, id) < 6;

    public ulong GetReg(int vcpu, string id)
    {
        Vcpu v = _vcpus[vcpu];
        switch (id)
        {
            case "CNTVOFF_EL2":
                return v.Cntvoff;
            case "CNTPOFF_EL2":
                return v.Cntpoff;
        }

        TimerState t = OneRegTimer(v, id);
        ulong count = Now - ConditionOffset(v, t);
        return id[(id.IndexOf('_') + 1)..] switch
        {
            "CTL" or "CTL_EL2" => t.Ctl | (t.Cval <= count ? 4UL : 0UL),
            "CVAL" or "CVAL_EL2" => t.Cval,
            _ => count,
        };
    }

    public void SetReg(int vcpu, string id, ulong value)
    {
        Vcpu v = _vcpus[vcpu];
        switch (id)
        {
            case "CNTVOFF_EL2":
                v.Cntvoff = value;
                AfterUserspaceWrite(v);
                return;
            case "CNTPOFF_EL2":
                v.Cntpoff = value;
                AfterUserspaceWrite(v);
                return;
        }

        TimerState t = OneRegTimer(v, id);
        switch (id[(id.IndexOf('_') + 1)..])
        {
            case "CTL" or "CTL_EL2":
                t.Ctl = value & 3;
                AfterUserspaceWrite(v);
                break;
            case "CVAL" or "CVAL_EL2":
                t.Cval = value;
                AfterUserspaceWrite(v);
                break;
            default:
                // TIMER_CNT / PTIMER_CNT: the VM-wide offset; every vCPU's counter moves. Once the
                // offsets are pinned (the counter-offset ioctl), the write is ignored; the vCPU
                // whose register userspace set has still exited and re-entered.
                bool moved = false;
                if (!Pinned)
                {
                    ulong offset = Now - value;
                    moved = offset != (t == v.V ? VirtualOffset : PhysicalOffset);
                    (VirtualOffset, PhysicalOffset) = t == v.V ? (offset, PhysicalOffset) : (VirtualOffset, offset);
                }

                foreach (Vcpu other in _vcpus.Where(o => o == v || moved))
                {
                    AfterUserspaceWrite(other);
                }

                break;
        }
    }

    private static TimerState OneRegTimer(Vcpu v, string id) => id switch
    {
        _ when id.StartsWith("TIMER", StringComparison.Ordinal) => v.V,
        _ when id.StartsWith("PTIMER", StringComparison.Ordinal) => v.P,
        _ when id.StartsWith("CNTHP", StringComparison.Ordinal) => v.HP!,
        _ => v.HV!,
    };

    /// <summary>
    /// After a userspace write (for a running vCPU: exit, set, re-entry) or a VM offset change: a loaded
    /// vCPU re-evaluates every line; a blocked one whose timer is now due is woken (and loaded).
    /// </summary>
    private void AfterUserspaceWrite(Vcpu v)
    {
        if (v.Loaded)
        {
            EvaluateAll(v);
        }
        else if (v.Blocked && !v.Woken && v.Timers.Any(x => ShouldFire(v, x)))
        {
            v.Woken = true;
            v.Blocked = false;
            Load(v);
        }
    }

    // ---- rules -------------------------------------------------------------------------------------

    private void Run(Vcpu v)
    {
        if (!v.Loaded)
        {
            v.Blocked = false;
            Load(v);
        }
    }

    private void Load(Vcpu v)
    {
        v.Loaded = true;
        EvaluateAll(v);
    }

    private void EvaluateAll(Vcpu v)
    {
        foreach (TimerState t in v.Timers)
        {
            Evaluate(v, t);
        }
    }

    /// <summary>
    /// The host-count offset a timer's condition uses. Without virtual EL2: the VM's virtual offset for
    /// the virtual timer, its physical one for the physical timer. With it: the VM's (physical) offset,
    /// plus CNTVOFF_EL2 for the EL1 virtual timer and PhysOffset for the EL1 physical one.
    /// </summary>
    private ulong ConditionOffset(Vcpu v, TimerState t)
    {
        if (!Vm.Nested)
        {
            return t == v.V ? VirtualOffset : PhysicalOffset;
        }

        return PhysicalOffset + (t == v.V ? v.Cntvoff : t == v.P ? PhysOffset(v) : 0);
    }

    /// <summary>arm-timer-arch.md §4.1: CNTPOFF_EL2 applies with FEAT_ECV and CNTHCTL_EL2.ECV, outside the host ({E2H,TGE} = {1,1}).</summary>
    private ulong PhysOffset(Vcpu v) =>
        Vm.Nested && Vm.Ecv && (v.Cnthctl & CnthctlEcv) != 0 && !(v.E2H && v.Tge) ? v.Cntpoff : 0;

    private static bool CanFire(TimerState t) => (t.Ctl & 3) == 1;

    private bool ShouldFire(Vcpu v, TimerState t) => CanFire(t) && t.Cval <= Now - ConditionOffset(v, t);

    private void Evaluate(Vcpu v, TimerState t)
    {
        if (v.Loaded && ShouldFire(v, t) != t.Level)
        {
            Raise(t, !t.Level);
        }
    }

    private static void Raise(TimerState t, bool level)
    {
        t.Level = level;
        t.Raises += level ? 1 : 0;
    }

    private UInt128? EarliestDeadline(Vcpu v)
    {
        UInt128? best = null;
        foreach (TimerState t in v.Timers.Where(CanFire))
        {
            ulong count = Now - ConditionOffset(v, t);
            UInt128 due = (UInt128)Now + (count < t.Cval ? t.Cval - count : 0);
            best = best is null || due < best ? due : best;
        }

        return best;
    }

    private static TimerState? Timer(Vcpu v, int ppi) => ppi switch
    {
        Ptimer => v.P,
        Vtimer => v.V,
        HVtimer => v.HV,
        HPtimer => v.HP,
        _ => null,
    };

    private sealed class TimerState
    {
        public ulong Ctl;
        public ulong Cval;
        public bool Level;
        public int Raises;
    }

    /// <summary>A vCPU: its timers, its run state and the CPU's registers the timers' accesses depend on.</summary>
    private sealed class Vcpu
    {
        public readonly TimerState P = new();
        public readonly TimerState V = new();
        public readonly TimerState? HV;
        public readonly TimerState? HP;
        public readonly TimerState[] Timers;
        public bool Loaded;
        public bool Blocked;
        public bool Woken;

        // The CPU: the EL of the accesses, the guest hypervisor's HCR_EL2 bits (virtual EL2 only: without
        // it, the host's HCR_EL2 is invisible to the guest), CNTKCTL_EL1, and the guest hypervisor's
        // CNTHCTL_EL2, CNTVOFF_EL2, CNTPOFF_EL2 and CNTFRQ_EL0 (EL2 is the highest EL it has).
        public int El;
        public bool E2H;
        public bool Tge;
        public ulong Cntkctl;
        public ulong Cnthctl = CnthctlReset;
        public ulong Cntvoff;
        public ulong Cntpoff;
        public ulong Cntfrq = Frequency;

        public Vcpu(bool nested)
        {
            if (nested)
            {
                HV = new TimerState();
                HP = new TimerState();
                Timers = new[] { P, V, HV, HP };
                El = 2; // a vCPU with EL2 starts in its hypervisor
            }
            else
            {
                Timers = new[] { P, V };
                El = 1;
            }
        }
    }
}
