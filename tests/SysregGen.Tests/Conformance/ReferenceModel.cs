namespace SysregGen.Tests.Conformance;

/// <summary>
/// A deliberately simple model of what a guest and userspace observe of KVM's EL1 timers, written
/// from the architecture and KVM rules (kvm-timer.md §4.5, §4.7, §4.8, §4.12) and sharing no code
/// with the runtime: plain fields, register names as strings, and the rules restated as arithmetic.
/// The property test drives it and the runtime side by side and compares everything observable.
/// </summary>
/// <remarks>
/// Rules, as the model states them:
/// <list type="bullet">
/// <item>count = physical - offset (mod 2^64); the virtual timer uses the virtual offset, the physical timer the physical one.</item>
/// <item>condition = CVAL &lt;= count (unsigned); should-fire = ENABLE and not IMASK and condition.</item>
/// <item>A loaded vCPU re-evaluates a line (raise or lower) on every write to its timers, on load, on a
/// userspace write, on an offset change. While loaded, a line that can fire rises when the count
/// reaches CVAL; nothing else lowers a line; a condition that ends only because the count wrapped
/// leaves the line as it was until the next re-evaluation.</item>
/// <item>Blocking (WFI) puts the vCPU. It is woken at once if a line is high or a timer should fire;
/// otherwise its deadline is the earliest physical count at which a timer that can fire meets its
/// condition. At the deadline it is woken and (as the trace format has it) loaded again.</item>
/// <item>Reset clears both CTLs (CVAL stays) and lowers both lines.</item>
/// </list>
/// </remarks>
internal sealed class ReferenceModel
{
    public const int Ptimer = 30;
    public const int Vtimer = 27;
    public const ulong Frequency = 62_500_000;

    private readonly Vcpu[] _vcpus;

    public ReferenceModel(int vcpus)
    {
        _vcpus = Enumerable.Range(0, vcpus).Select(_ => new Vcpu()).ToArray();
    }

    public ulong Now { get; private set; }

    public ulong VirtualOffset { get; private set; }

    public ulong PhysicalOffset { get; private set; }

    public int VcpuCount => _vcpus.Length;

    public bool Level(int vcpu, int ppi) => Timer(vcpu, ppi).Level;

    public int Raises(int vcpu, int ppi) => Timer(vcpu, ppi).Raises;

    public bool Woken(int vcpu) => _vcpus[vcpu].Woken;

    /// <summary>The blocked vCPU's background deadline, null when not blocked, woken, or nothing can fire.</summary>
    public UInt128? Deadline(int vcpu)
    {
        Vcpu v = _vcpus[vcpu];
        return v.Blocked && !v.Woken ? EarliestDeadline(v) : null;
    }

    // ---- guest accesses at EL1 ------------------------------------------------------------------

    /// <summary>A guest access at EL1 by register name; null for UNDEFINED, else the value read (0 for a write).</summary>
    public ulong? Access(int vcpu, string name, bool isWrite, ulong value)
    {
        Vcpu v = _vcpus[vcpu];
        Run(v);
        bool narrow = Narrow.Contains(name);
        if (narrow)
        {
            value &= 0xFFFF_FFFF;
        }

        ulong? result = AccessRegister(v, name, isWrite, value);
        return result is ulong r && narrow ? r & 0xFFFF_FFFF : result;
    }

    /// <summary>The AArch32 MRC/MCR views, which move 32 bits.</summary>
    private static readonly HashSet<string> Narrow = new(StringComparer.Ordinal)
    {
        "CNTP_CTL", "CNTP_TVAL", "CNTV_CTL", "CNTV_TVAL", "CNTFRQ", "CNTKCTL", "CNTHCTL", "CNTHP_CTL", "CNTHP_TVAL",
    };

    private ulong? AccessRegister(Vcpu v, string name, bool isWrite, ulong value)
    {
        switch (name)
        {
            case "CNTP_CTL_EL0" or "CNTP_CTL": return TimerAccess(v, v.P, "CTL", isWrite, value);
            case "CNTP_CVAL_EL0" or "CNTP_CVAL": return TimerAccess(v, v.P, "CVAL", isWrite, value);
            case "CNTP_TVAL_EL0" or "CNTP_TVAL": return TimerAccess(v, v.P, "TVAL", isWrite, value);
            case "CNTV_CTL_EL0" or "CNTV_CTL": return TimerAccess(v, v.V, "CTL", isWrite, value);
            case "CNTV_CVAL_EL0" or "CNTV_CVAL": return TimerAccess(v, v.V, "CVAL", isWrite, value);
            case "CNTV_TVAL_EL0" or "CNTV_TVAL": return TimerAccess(v, v.V, "TVAL", isWrite, value);
            case "CNTPCT_EL0" or "CNTPCT": return isWrite ? null : Now - PhysicalOffset;
            case "CNTVCT_EL0" or "CNTVCT": return isWrite ? null : Now - VirtualOffset;
            case "CNTFRQ_EL0" or "CNTFRQ": return isWrite ? null : Frequency; // only the highest EL (EL2) writes it
            case "CNTKCTL_EL1" or "CNTKCTL":
                if (isWrite)
                {
                    v.Cntkctl = value & 0x3FF; // bits 9:0; EVNTIS needs FEAT_ECV, the rest is RES0
                    return 0;
                }

                return v.Cntkctl;
            default:
                // The self-synchronised counters (FEAT_ECV, absent), EL2 registers, the VHE
                // *_EL02/*_EL12 aliases: all UNDEFINED for an EL1 guest.
                return null;
        }
    }

    private ulong? TimerAccess(Vcpu v, TimerState t, string register, bool isWrite, ulong value)
    {
        ulong count = Now - Offset(v, t);
        if (!isWrite)
        {
            return register switch
            {
                "CTL" => t.Ctl | (t.Cval <= count ? 4UL : 0UL),
                "CVAL" => t.Cval,
                _ => (ulong)(uint)(t.Cval - count),
            };
        }

        switch (register)
        {
            case "CTL":
                t.Ctl = value & 3;
                break;
            case "CVAL":
                t.Cval = value;
                break;
            default:
                t.Cval = count + (ulong)(long)(int)(uint)value;
                break;
        }

        Evaluate(v, t);
        return 0;
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
                    ulong c1 = start - Offset(v, t);
                    ulong c2 = target - Offset(v, t);
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

        v.Blocked = false;
        v.Cntkctl = 0;
    }

    // ---- userspace (one-reg) -----------------------------------------------------------------------

    public ulong GetReg(int vcpu, string id)
    {
        Vcpu v = _vcpus[vcpu];
        TimerState t = id.StartsWith('P') ? v.P : v.V;
        ulong count = Now - Offset(v, t);
        return id[(id.IndexOf('_') + 1)..] switch
        {
            "CTL" => t.Ctl | (t.Cval <= count ? 4UL : 0UL),
            "CVAL" => t.Cval,
            _ => count,
        };
    }

    public void SetReg(int vcpu, string id, ulong value)
    {
        Vcpu v = _vcpus[vcpu];
        TimerState t = id.StartsWith('P') ? v.P : v.V;
        switch (id[(id.IndexOf('_') + 1)..])
        {
            case "CTL":
                t.Ctl = value & 3;
                AfterUserspaceWrite(v);
                break;
            case "CVAL":
                t.Cval = value;
                AfterUserspaceWrite(v);
                break;
            default:
                // TIMER_CNT / PTIMER_CNT: the VM-wide offset; every vCPU's counter moves.
                if (t == v.V)
                {
                    VirtualOffset = Now - value;
                }
                else
                {
                    PhysicalOffset = Now - value;
                }

                foreach (Vcpu other in _vcpus)
                {
                    AfterUserspaceWrite(other);
                }

                break;
        }
    }

    /// <summary>A loaded vCPU re-evaluates; a blocked one whose timer is now due is woken (and loaded).</summary>
    private void AfterUserspaceWrite(Vcpu v)
    {
        if (v.Loaded)
        {
            Evaluate(v, v.P);
            Evaluate(v, v.V);
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
        Evaluate(v, v.P);
        Evaluate(v, v.V);
    }

    private ulong Offset(Vcpu v, TimerState t) => t == v.V ? VirtualOffset : PhysicalOffset;

    private static bool CanFire(TimerState t) => (t.Ctl & 3) == 1;

    private bool ShouldFire(Vcpu v, TimerState t) => CanFire(t) && t.Cval <= Now - Offset(v, t);

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
            ulong count = Now - Offset(v, t);
            UInt128 due = (UInt128)Now + (count < t.Cval ? t.Cval - count : 0);
            best = best is null || due < best ? due : best;
        }

        return best;
    }

    private TimerState Timer(int vcpu, int ppi) => ppi == Ptimer ? _vcpus[vcpu].P : _vcpus[vcpu].V;

    private sealed class TimerState
    {
        public ulong Ctl;
        public ulong Cval;
        public bool Level;
        public int Raises;
    }

    private sealed class Vcpu
    {
        public readonly TimerState P = new();
        public readonly TimerState V = new();
        public bool Loaded;
        public bool Blocked;
        public bool Woken;
        public ulong Cntkctl;

        public TimerState[] Timers => new[] { P, V };
    }
}
