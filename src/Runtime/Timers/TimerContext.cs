using System;
using System.Runtime.CompilerServices;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;

namespace SysregGen.Runtime.Timers;

/// <summary>
/// One generic timer of one vCPU (KVM's <c>arch_timer_context</c>): its CTL and CVAL, the counter
/// offset it sees, its interrupt and the level last reported for it. The same type serves the
/// virtual timer, the EL1 physical timer and, under nested virtualisation, the EL2 timers.
/// </summary>
/// <remarks>
/// <para>Register semantics follow modern KVM (<c>kvm_arm_timer_read/write</c>): TVAL reads give the
/// low 32 bits of CVAL - count (zero-extended); TVAL writes set CVAL = count + sign-extended bits
/// [31:0]; CVAL is a plain 64-bit value; CTL reads report ISTATUS from the condition CVAL &lt;= count,
/// also while ENABLE is 0 (the architecture leaves ISTATUS UNKNOWN then; KVM reports the condition).</para>
/// <para>One deliberate difference from KVM's emulated path: CTL keeps only ENABLE and IMASK. KVM
/// stores the guest's other bits and reads them back; the architecture makes them RES0 and hardware
/// and QEMU drop them, so this model does too.</para>
/// <para>State is guarded by the owning <see cref="VcpuTimers"/>' lock; the public getters are
/// snapshots for inspection.</para>
/// </remarks>
public sealed class TimerContext : IHostTimerTarget
{
    /// <summary>The CTL bits this model stores: ENABLE and IMASK.</summary>
    public const ulong StoredCtlMask = CntpCtl.EnableMask | CntpCtl.ImaskMask;

    private ulong _ctl;
    private ulong _cval;

    internal TimerContext(VcpuTimers vcpu, TimerId id, SystemCounter counter)
    {
        Vcpu = vcpu;
        Id = id;
        HostTimer = counter.CreateTimer(this);
    }

    /// <summary>Which timer this is.</summary>
    public TimerId Id { get; }

    /// <summary>The vCPU the timer belongs to.</summary>
    public VcpuTimers Vcpu { get; }

    /// <summary>The stored control bits (ENABLE, IMASK); ISTATUS is computed on read.</summary>
    public ulong Ctl => _ctl;

    /// <summary>The compare value, in the timer's own view of the counter.</summary>
    public ulong Cval => _cval;

    /// <summary>The counter offset the timer's condition uses (<see cref="VcpuTimers.OffsetFor"/>): the VM's offset, plus a guest hypervisor's CNTVOFF_EL2 or CNTPOFF_EL2 under nested virtualisation.</summary>
    public ulong Offset => Vcpu.OffsetFor(Id);

    /// <summary>The timer's interrupt (a PPI, the same on every vCPU of the VM).</summary>
    public int Ppi => Vcpu.Vm.GetTimerIrq(Id);

    /// <summary>The level last reported to the interrupt controller.</summary>
    public bool Level { get; internal set; }

    /// <summary>The host timer that raises the line on time while the vCPU runs.</summary>
    internal HostTimer HostTimer { get; }

    /// <summary>The physical count the timer's host timer is armed for (KVM's emulation hrtimer), or null when it is not armed.</summary>
    public UInt128? HostTimerDeadline => HostTimer.Deadline;

    /// <summary>ENABLE set and IMASK clear: the timer could assert its line.</summary>
    public bool CanFire => (_ctl & StoredCtlMask) == CntpCtl.EnableMask;

    /// <summary>The timer's view of the counter at physical count <paramref name="physical"/> (mod 2^64).</summary>
    /// <param name="physical">The physical count.</param>
    /// <returns>CNTPCT - offset.</returns>
    public ulong CountAt(ulong physical) => physical - Offset;

    /// <summary>The timer condition: CVAL &lt;= count, unsigned 64-bit.</summary>
    /// <param name="physical">The physical count.</param>
    /// <returns>Whether the condition is met.</returns>
    public bool ConditionMet(ulong physical) => ConditionMet(physical, Offset);

    /// <summary>The timer condition with the timer's offset (<see cref="Offset"/>) given, as a caller that has it at hand does.</summary>
    internal bool ConditionMet(ulong physical, ulong offset) => _cval <= physical - offset;

    /// <summary>The line level the architecture asks for: ENABLE and not IMASK and the condition met.</summary>
    /// <param name="physical">The physical count.</param>
    /// <returns>The level.</returns>
    public bool ShouldFire(ulong physical) => CanFire && ConditionMet(physical);

    /// <summary>Cycles until the condition is met, 0 when it is (KVM's <c>compute_delta</c>, in cycles).</summary>
    /// <param name="physical">The physical count.</param>
    /// <returns>The cycles to wait.</returns>
    public ulong CyclesUntilCondition(ulong physical) => CyclesUntilCondition(physical, Offset);

    private ulong CyclesUntilCondition(ulong physical, ulong offset)
    {
        ulong now = physical - offset;
        return now < _cval ? _cval - now : 0;
    }

    /// <summary>The physical count at which the condition is met, as seen from <paramref name="physical"/>; past 2^64 - 1 when the offset pushes it beyond the counter's range.</summary>
    /// <param name="physical">The physical count.</param>
    /// <returns>The deadline.</returns>
    public UInt128 DeadlineFrom(ulong physical) => DeadlineFrom(physical, Offset);

    /// <summary>The deadline with the timer's offset given (see <see cref="ConditionMet(ulong, ulong)"/>).</summary>
    internal UInt128 DeadlineFrom(ulong physical, ulong offset) => (UInt128)physical + CyclesUntilCondition(physical, offset);

    /// <summary>Reads a register as the guest sees it at <paramref name="physical"/>.</summary>
    /// <param name="register">Which register.</param>
    /// <param name="physical">The physical count.</param>
    /// <returns>The 64-bit value.</returns>
    public ulong Read(TimerRegister register, ulong physical)
    {
        ulong offset = Offset;
        return Read(register, physical, offset, offset);
    }

    /// <summary>
    /// Reads a register through a view of the counter that may differ from the one the condition uses:
    /// the EL1 physical timer seen from EL2 ignores CNTPOFF_EL2 in its TVAL and count views.
    /// </summary>
    /// <param name="register">Which register.</param>
    /// <param name="physical">The physical count.</param>
    /// <param name="viewOffset">The offset of the counter view TVAL and the count are read through.</param>
    /// <param name="offset">The timer's own offset (<see cref="Offset"/>, which the caller has at hand), for ISTATUS.</param>
    /// <remarks>Inlined into the trap handler, so the register switch runs in its frame instead of a call that spills it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Read(TimerRegister register, ulong physical, ulong viewOffset, ulong offset) => register switch
    {
        TimerRegister.Ctl => _ctl | (ConditionMet(physical, offset) ? CntpCtl.IstatusMask : 0),
        TimerRegister.Cval => _cval,
        TimerRegister.Tval => (uint)(_cval - (physical - viewOffset)),
        _ => physical - viewOffset,
    };

    /// <summary>Writes a register as a guest write does; the counter is read-only and is not written.</summary>
    /// <param name="register">Which register.</param>
    /// <param name="value">The 64-bit value written.</param>
    /// <param name="physical">The physical count.</param>
    /// <returns>False for <see cref="TimerRegister.Count"/>, which the architecture makes read-only.</returns>
    internal bool Write(TimerRegister register, ulong value, ulong physical) => Write(register, value, physical, Offset);

    /// <summary>Writes a register through a view of the counter (see <see cref="Read(TimerRegister, ulong, ulong, ulong)"/>); inlined into the trap handler as <see cref="Read(TimerRegister, ulong, ulong, ulong)"/> is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Write(TimerRegister register, ulong value, ulong physical, ulong viewOffset)
    {
        switch (register)
        {
            case TimerRegister.Ctl:
                _ctl = value & StoredCtlMask;
                return true;
            case TimerRegister.Cval:
                _cval = value;
                return true;
            case TimerRegister.Tval:
                _cval = physical - viewOffset + (ulong)(long)(int)(uint)value;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Sets the stored state directly (reset, snapshot restore).</summary>
    internal void SetState(ulong ctl, ulong cval)
    {
        _ctl = ctl & StoredCtlMask;
        _cval = cval;
    }

    /// <summary><c>kvm_hrtimer_expire</c>'s entry: the timer's host timer expired.</summary>
    void IHostTimerTarget.OnHostTimerExpired() => Vcpu.OnTimerExpired(Id);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Id} timer: CTL=0x{_ctl:X} CVAL=0x{_cval:X16} offset=0x{Offset:X} PPI {Ppi} level={(Level ? 1 : 0)}";
}
