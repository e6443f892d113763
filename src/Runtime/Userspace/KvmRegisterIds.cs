using SysregGen.Registers;

namespace SysregGen.Runtime.Userspace;

/// <summary>
/// KVM's one-reg ids for the timer registers (arch/arm64/include/uapi/asm/kvm.h), and, for a vCPU
/// with virtual EL2, the EL2 timer and offset registers KVM lists as ordinary system registers. They are
/// ARM64_SYS_REG(op0, op1, CRn, CRm, op2) of the architectural encodings, except that TIMER_CVAL and
/// TIMER_CNT were defined with each other's encodings: the id that decodes to CNTVCT_EL0 means the
/// virtual compare value and the one that decodes to CNTV_CVAL_EL0 the virtual counter. That is
/// fixed ABI, kept here; never resolve these ids by decoding them.
/// </summary>
public static class KvmRegisterIds
{
    /// <summary>KVM_REG_ARM_TIMER_CTL: CNTV_CTL_EL0 (3, 3, 14, 3, 1).</summary>
    public const ulong TimerCtl = 0x6030_0000_0013_DF19;

    /// <summary>KVM_REG_ARM_TIMER_CVAL: the virtual compare value, declared with CNTVCT_EL0's encoding (3, 3, 14, 0, 2).</summary>
    public const ulong TimerCval = 0x6030_0000_0013_DF02;

    /// <summary>KVM_REG_ARM_TIMER_CNT: the virtual counter, declared with CNTV_CVAL_EL0's encoding (3, 3, 14, 3, 2).</summary>
    public const ulong TimerCnt = 0x6030_0000_0013_DF1A;

    /// <summary>KVM_REG_ARM_PTIMER_CTL: CNTP_CTL_EL0 (3, 3, 14, 2, 1).</summary>
    public const ulong PtimerCtl = 0x6030_0000_0013_DF11;

    /// <summary>KVM_REG_ARM_PTIMER_CVAL: CNTP_CVAL_EL0 (3, 3, 14, 2, 2).</summary>
    public const ulong PtimerCval = 0x6030_0000_0013_DF12;

    /// <summary>KVM_REG_ARM_PTIMER_CNT: CNTPCT_EL0 (3, 3, 14, 0, 1).</summary>
    public const ulong PtimerCnt = 0x6030_0000_0013_DF01;

    /// <summary>CNTHP_CTL_EL2 (3, 4, 14, 2, 1): the EL2 physical timer's control, listed for a vCPU with virtual EL2.</summary>
    public const ulong CnthpCtl = 0x6030_0000_0013_E711;

    /// <summary>CNTHP_CVAL_EL2 (3, 4, 14, 2, 2).</summary>
    public const ulong CnthpCval = 0x6030_0000_0013_E712;

    /// <summary>CNTHV_CTL_EL2 (3, 4, 14, 3, 1): the EL2 virtual timer's control.</summary>
    public const ulong CnthvCtl = 0x6030_0000_0013_E719;

    /// <summary>CNTHV_CVAL_EL2 (3, 4, 14, 3, 2).</summary>
    public const ulong CnthvCval = 0x6030_0000_0013_E71A;

    /// <summary>CNTVOFF_EL2 (3, 4, 14, 0, 3): the guest hypervisor's virtual offset (the virtual timer's vCPU offset).</summary>
    public const ulong Cntvoff = 0x6030_0000_0013_E703;

    /// <summary>CNTPOFF_EL2 (3, 4, 14, 0, 6): the guest hypervisor's physical offset (FEAT_ECV).</summary>
    public const ulong Cntpoff = 0x6030_0000_0013_E706;

    /// <summary>The six ids of a vCPU without virtual EL2, in KVM_GET_REG_LIST order.</summary>
    public static readonly ulong[] All = { TimerCtl, TimerCnt, TimerCval, PtimerCtl, PtimerCnt, PtimerCval };

    /// <summary>The ids a vCPU with virtual EL2 adds: the EL2 timers and the guest hypervisor's offsets.</summary>
    public static readonly ulong[] Nested = { CnthpCtl, CnthpCval, CnthvCtl, CnthvCval, Cntvoff, Cntpoff };

    /// <summary>Which timer register an id means.</summary>
    /// <param name="id">A one-reg id.</param>
    /// <param name="timer">The timer.</param>
    /// <param name="register">The register.</param>
    /// <returns>False for an id that is not a timer register.</returns>
    public static bool TryDecode(ulong id, out TimerId timer, out TimerRegister register)
    {
        (bool ok, timer, register) = id switch
        {
            TimerCtl => (true, TimerId.Virtual, TimerRegister.Ctl),
            TimerCval => (true, TimerId.Virtual, TimerRegister.Cval),
            TimerCnt => (true, TimerId.Virtual, TimerRegister.Count),
            PtimerCtl => (true, TimerId.Physical, TimerRegister.Ctl),
            PtimerCval => (true, TimerId.Physical, TimerRegister.Cval),
            PtimerCnt => (true, TimerId.Physical, TimerRegister.Count),
            CnthpCtl => (true, TimerId.HypPhysical, TimerRegister.Ctl),
            CnthpCval => (true, TimerId.HypPhysical, TimerRegister.Cval),
            CnthvCtl => (true, TimerId.HypVirtual, TimerRegister.Ctl),
            CnthvCval => (true, TimerId.HypVirtual, TimerRegister.Cval),
            _ => (false, default(TimerId), default(TimerRegister)),
        };
        return ok;
    }

    /// <summary>The KVM name of an id (TIMER_CTL…), for messages and traces.</summary>
    /// <param name="id">A one-reg id.</param>
    /// <returns>The name, or null.</returns>
    public static string? NameOf(ulong id) => id switch
    {
        TimerCtl => "TIMER_CTL",
        TimerCval => "TIMER_CVAL",
        TimerCnt => "TIMER_CNT",
        PtimerCtl => "PTIMER_CTL",
        PtimerCval => "PTIMER_CVAL",
        PtimerCnt => "PTIMER_CNT",
        CnthpCtl => "CNTHP_CTL_EL2",
        CnthpCval => "CNTHP_CVAL_EL2",
        CnthvCtl => "CNTHV_CTL_EL2",
        CnthvCval => "CNTHV_CVAL_EL2",
        Cntvoff => "CNTVOFF_EL2",
        Cntpoff => "CNTPOFF_EL2",
        _ => null,
    };

    /// <summary>The id of a KVM name (TIMER_CTL…).</summary>
    /// <param name="name">The name.</param>
    /// <param name="id">The id.</param>
    /// <returns>False for an unknown name.</returns>
    public static bool TryParse(string name, out ulong id)
    {
        id = name switch
        {
            "TIMER_CTL" => TimerCtl,
            "TIMER_CVAL" => TimerCval,
            "TIMER_CNT" => TimerCnt,
            "PTIMER_CTL" => PtimerCtl,
            "PTIMER_CVAL" => PtimerCval,
            "PTIMER_CNT" => PtimerCnt,
            "CNTHP_CTL_EL2" => CnthpCtl,
            "CNTHP_CVAL_EL2" => CnthpCval,
            "CNTHV_CTL_EL2" => CnthvCtl,
            "CNTHV_CVAL_EL2" => CnthvCval,
            "CNTVOFF_EL2" => Cntvoff,
            "CNTPOFF_EL2" => Cntpoff,
            _ => 0,
        };
        return id != 0;
    }
}
