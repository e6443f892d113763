using SysregGen.Tests.Reference;

namespace SysregGen.Tests.Conformance;

/// <summary>
/// The model's guest accesses and execution state: which EL an access is made at and under which
/// HCR_EL2, the architecture's decision (§4.5, through the tests' own transcription in
/// <see cref="ArchitectureReference"/>), the syndrome a trap reports (§4.6, computed from the
/// encoding), and what a completed access reads or changes (§1.2 redirections, §4.1 counts, §4.3
/// TVAL views, §3.3-§3.4 write masks).
/// </summary>
internal sealed partial class ReferenceModel
{
    /// <summary>CNTHCTL_EL2's reset value: EL1PCTEN and EL1PCEN in the E2H = 0 layout (EL0PCTEN and EL0VCTEN in the E2H = 1 one).</summary>
    public const ulong CnthctlReset = 0x3;

    private const ulong CnthctlEcv = 1UL << 12;

    /// <summary>
    /// Without virtual EL2 the host's CNTHCTL_EL2 is invisible: whatever it traps, the host emulates
    /// to the same effect. So the guest's accesses are decided as under an EL2 that traps nothing.
    /// </summary>
    private const ulong HostTrapsNothing = 0x3;

    private enum Form
    {
        AArch64,
        AArch32,     // MRC/MCR: 32 bits move
        AArch32Wide, // MRRC/MCRR: Rt2:Rt
    }

    /// <summary>An encoding by name: the AArch64 register whose decision it takes, and the fields of its syndrome.</summary>
    private sealed record Encoding(string Name, string AArch64Name, Form Form, int Op0, int Op1, int CRn, int CRm, int Op2);

    /// <summary>Every encoding of §1.1, §1.2 and §2 by name, from the tests' transcription of them.</summary>
    private static readonly Dictionary<string, Encoding> s_encodings = BuildEncodings();

    private static Dictionary<string, Encoding> BuildEncodings()
    {
        var all = new Dictionary<string, Encoding>(StringComparer.Ordinal);
        foreach (RegisterFacts r in ArchitectureReference.Registers)
        {
            all.Add(r.Name, new Encoding(r.Name, r.Name, Form.AArch64, r.Op0, r.Op1, r.CRn, r.CRm, r.Op2));
            if (r.AArch32 is { } a)
            {
                // §2: the AArch32 views take the decisions of the AArch64 register they map to.
                all.Add(a.Name, a.CRn is int crn
                    ? new Encoding(a.Name, r.Name, Form.AArch32, a.Coproc, a.Opc1, crn, a.CRm, a.Opc2 ?? 0)
                    : new Encoding(a.Name, r.Name, Form.AArch32Wide, a.Coproc, a.Opc1, 0, a.CRm, 0));
            }
        }

        foreach (AliasFacts a in ArchitectureReference.Aliases)
        {
            all.Add(a.Name, new Encoding(a.Name, a.Name, Form.AArch64, a.Op0, a.Op1, a.CRn, a.CRm, a.Op2));
        }

        return all;
    }

    /// <summary>Whether the model can make an access with this encoding by a vCPU now: not an AArch32 one at EL2 (EL2 is AArch64 over an AArch64 EL1).</summary>
    public bool CanAccess(int vcpu, string name) => Encode(name).Form == Form.AArch64 || _vcpus[vcpu].El < 2;

    /// <summary>The EL of a vCPU's accesses.</summary>
    public int El(int vcpu) => _vcpus[vcpu].El;

    /// <summary>The HCR_EL2 its accesses are decided by: RW, and with virtual EL2 the guest hypervisor's E2H and TGE.</summary>
    public ulong Hcr(int vcpu) => HcrRw | (_vcpus[vcpu].E2H ? HcrE2H : 0) | (_vcpus[vcpu].Tge ? HcrTge : 0);

    public const ulong HcrRw = 1UL << 31;
    public const ulong HcrTge = 1UL << 27;
    public const ulong HcrE2H = 1UL << 34;

    /// <summary>
    /// The running vCPU changes its execution state: the EL of its accesses and, with virtual EL2, the
    /// guest hypervisor's E2H and TGE (TGE only where it means something: at EL0 and EL2). Without
    /// virtual EL2 only EL0 and EL1 exist, under the host's HCR_EL2.
    /// </summary>
    public void SetState(int vcpu, int el, bool e2h, bool tge)
    {
        Vcpu v = _vcpus[vcpu];
        Run(v);
        if (!Vm.Nested)
        {
            v.El = Math.Min(el, 1);
            return;
        }

        (ulong, ulong) before = Offsets(v);
        v.El = el;
        v.E2H = e2h;
        v.Tge = tge && el != 1;
        AfterOffsetsChange(v, before);
    }

    /// <summary>
    /// A guest access at the vCPU's EL by encoding name, on a vCPU that runs (it is loaded first).
    /// Null for an access the model does not make (<see cref="CanAccess"/>).
    /// </summary>
    public ModelOutcome? Access(int vcpu, string name, bool isWrite, ulong value)
    {
        Encoding e = Encode(name);
        Vcpu v = _vcpus[vcpu];
        if (e.Form != Form.AArch64 && v.El == 2)
        {
            return null;
        }

        Run(v);
        bool narrow = e.Form == Form.AArch32;
        value = narrow ? value & 0xFFFF_FFFF : value;
        RefDecision d = Vm.Nested
            ? ArchitectureReference.Decide(e.AArch64Name, isWrite, v.El, v.E2H, v.Tge, v.Cnthctl, v.Cntkctl, Vm.Ecv)
            : ArchitectureReference.Decide(e.AArch64Name, isWrite, v.El, e2h: false, tge: false, HostTrapsNothing, v.Cntkctl, Vm.Ecv);
        switch (d.Outcome)
        {
            case RefOutcome.Undefined:
                return new ModelOutcome(ModelOutcomeKind.Undefined, d.TargetEl, UndefinedEsr, 0);
            case RefOutcome.Trap:
                // To the guest's own EL1, or (virtual EL2) to its guest hypervisor, which sees the trap as real EL2 would.
                return new ModelOutcome(ModelOutcomeKind.Trapped, d.TargetEl, Syndrome(e, isWrite), 0);
            default:
                ulong read = Perform(v, d.AccessedRegister!, isWrite, value);
                return new ModelOutcome(ModelOutcomeKind.Completed, 0, 0, narrow ? read & 0xFFFF_FFFF : read);
        }
    }

    /// <summary>§4.6 EC 0x00: an UNDEFINED instruction, IL 1, ISS 0.</summary>
    public const uint UndefinedEsr = 0x0200_0000;

    /// <summary>
    /// §4.6: EC 0x18 (MSR/MRS), 0x03 (MCR/MRC) or 0x04 (MCRR/MRRC), IL 1, with the encoding's fields and
    /// the trace format's transfer registers (AArch64: X0 for reads, X1 for writes; AArch32: R0, and R1
    /// as Rt2); the AArch32 ones with CV 1 and COND 0xE.
    /// </summary>
    private static uint Syndrome(Encoding e, bool isWrite)
    {
        uint read = isWrite ? 0u : 1u;
        uint rt = e.Form == Form.AArch64 && isWrite ? 1u : 0u;
        const uint Il = 1u << 25;
        const uint CondAl = 1u << 24 | 0xEu << 20;
        return e.Form switch
        {
            Form.AArch64 => 0x18u << 26 | Il | (uint)e.Op0 << 20 | (uint)e.Op2 << 17 | (uint)e.Op1 << 14 | (uint)e.CRn << 10 | rt << 5 | (uint)e.CRm << 1 | read,
            Form.AArch32 => 0x03u << 26 | Il | CondAl | (uint)e.Op2 << 17 | (uint)e.Op1 << 14 | (uint)e.CRn << 10 | (uint)e.CRm << 1 | read,
            _ => 0x04u << 26 | Il | CondAl | (uint)e.Op1 << 16 | 1u << 10 | (uint)e.CRm << 1 | read,
        };
    }

    private static Encoding Encode(string name) => s_encodings.TryGetValue(name, out Encoding? e)
        ? e
        : throw new ArgumentException($"The model has no encoding '{name}'.", nameof(name));

    /// <summary>A completed access on the register it reached (after VHE redirection); returns the value read (0 for a write).</summary>
    private ulong Perform(Vcpu v, string reached, bool isWrite, ulong value)
    {
        switch (reached)
        {
            case "CNTFRQ_EL0":
                // Writable only at the highest EL (the decision let only EL2 write it); the rate does not change.
                return isWrite ? Store(ref v.Cntfrq, value & 0xFFFF_FFFF) : v.Cntfrq;
            case "CNTPCT_EL0" or "CNTPCTSS_EL0":
                // §4.1: PCount - PhysOffset at EL0/EL1, PCount at EL2 (the guest hypervisor's PCount).
                return Now - PhysicalOffset - (v.El == 2 ? 0 : PhysOffset(v));
            case "CNTVCT_EL0" or "CNTVCTSS_EL0":
                return Now - VirtualCountOffset(v);
            case "CNTKCTL_EL1":
                // §3.3: bits 9:0, and EVNTIS (17) with FEAT_ECV.
                return isWrite ? Store(ref v.Cntkctl, value & (0x3FFUL | (Vm.Ecv ? 1UL << 17 : 0))) : v.Cntkctl;
            case "CNTHCTL_EL2":
                // §3.4: a write keeps the bits of the layout HCR_EL2.E2H selects (8-11 only with E2H = 1),
                // the FEAT_ECV ones (12-17) only with it; one storage, read back as stored.
                return isWrite ? StoreOffsetControl(v, ref v.Cnthctl, value & ((v.E2H ? 0xFFFUL : 0xFFUL) | (Vm.Ecv ? 0x3F000UL : 0))) : v.Cnthctl;
            case "CNTVOFF_EL2":
                return isWrite ? StoreOffsetControl(v, ref v.Cntvoff, value) : v.Cntvoff;
            case "CNTPOFF_EL2":
                return isWrite ? StoreOffsetControl(v, ref v.Cntpoff, value) : v.Cntpoff;
        }

        // A timer register: CNTP_*/CNTV_* (the EL1 timers), CNTHP_*/CNTHV_* (the EL2 timers).
        string[] parts = reached.Split('_');
        TimerState t = parts[0] switch
        {
            "CNTP" => v.P,
            "CNTV" => v.V,
            "CNTHP" => v.HP,
            "CNTHV" => v.HV,
            _ => null,
        } ?? throw new InvalidOperationException($"The model reached '{reached}', which it does not have.");

        // §4.3 View_direct: the count the accessing EL sees. The EL1 physical timer from EL2 has no
        // CNTPOFF_EL2; the EL1 virtual timer, wherever it is reached, has CNTVOFF_EL2 (at EL2 only
        // through CNTV_*_EL02 or with E2H = 0); the EL2 timers have no offset of the guest hypervisor's.
        ulong view = Now - (t == v.P && v.El == 2 ? PhysicalOffset : ConditionOffset(v, t));
        if (!isWrite)
        {
            return parts[1] switch
            {
                "CTL" => t.Ctl | (t.Cval <= Now - ConditionOffset(v, t) ? 4UL : 0UL),
                "CVAL" => t.Cval,
                _ => (uint)(t.Cval - view),
            };
        }

        switch (parts[1])
        {
            case "CTL":
                t.Ctl = value & 3;
                break;
            case "CVAL":
                t.Cval = value;
                break;
            default:
                t.Cval = view + (ulong)(long)(int)(uint)value;
                break;
        }

        Evaluate(v, t);
        return 0;
    }

    /// <summary>§4.1, CNTVCT_EL0: no CNTVOFF_EL2 at its host's EL0 or at EL2 with E2H = 1.</summary>
    private ulong VirtualCountOffset(Vcpu v)
    {
        if (!Vm.Nested)
        {
            return VirtualOffset;
        }

        bool noCntvoff = v.El switch
        {
            0 => v.E2H && v.Tge,
            1 => false,
            _ => v.E2H,
        };
        return PhysicalOffset + (noCntvoff ? 0 : v.Cntvoff);
    }

    private static ulong Store(ref ulong register, ulong value)
    {
        register = value;
        return 0;
    }

    /// <summary>A write of a register that moves the offsets the vCPU's timers use: if they moved, its lines are re-evaluated.</summary>
    private ulong StoreOffsetControl(Vcpu v, ref ulong register, ulong value)
    {
        (ulong, ulong) before = Offsets(v);
        register = value;
        AfterOffsetsChange(v, before);
        return 0;
    }

    /// <summary>The guest hypervisor's offsets in force: CNTVOFF_EL2, and CNTPOFF_EL2 where it applies.</summary>
    private (ulong Cntvoff, ulong PhysOffset) Offsets(Vcpu v) => (v.Cntvoff, PhysOffset(v));

    private void AfterOffsetsChange(Vcpu v, (ulong, ulong) before)
    {
        if (Offsets(v) != before)
        {
            EvaluateAll(v);
        }
    }
}
