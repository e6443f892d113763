namespace SysregGen;

/// <summary>The generic timers of a vCPU, in the order of KVM's <c>enum kvm_arch_timers</c>.</summary>
public enum TimerId : byte
{
    /// <summary>The EL1 physical timer (CNTP_*), PPI 30 by default.</summary>
    Physical = 0,

    /// <summary>The EL1 virtual timer (CNTV_*), PPI 27 by default.</summary>
    Virtual = 1,

    /// <summary>The EL2 virtual timer (CNTHV_*), PPI 28 by default.</summary>
    HypVirtual = 2,

    /// <summary>The EL2 physical timer (CNTHP_*), PPI 26 by default.</summary>
    HypPhysical = 3,
}

/// <summary>Which register of a timer an access means, in the order of KVM's <c>TIMER_REG_*</c>.</summary>
public enum TimerRegister : byte
{
    /// <summary>The counter the timer compares against (CNTPCT, CNTVCT and their self-synchronised forms).</summary>
    Count = 0,

    /// <summary>The 64-bit compare value.</summary>
    Cval = 1,

    /// <summary>The signed 32-bit timer value view: CVAL minus the count.</summary>
    Tval = 2,

    /// <summary>The control register: ENABLE, IMASK, ISTATUS.</summary>
    Ctl = 3,
}
