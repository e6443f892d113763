using System;
using System.Runtime.CompilerServices;
using SysregGen.Registers;
using SysregGen.Runtime.Diagnostics;

namespace SysregGen.Runtime.Timers;

/// <summary>
/// Register accesses: KVM's <c>kvm_arm_timer_read_sysreg</c>/<c>kvm_arm_timer_write_sysreg</c>, and the
/// trap handlers (<c>access_arch_timer</c>) the generated dispatcher calls by meaning.
/// </summary>
public sealed partial class VcpuTimers
{
    /// <summary>
    /// The host's own registers: the trapped accesses this runtime does not emulate (an encoding its
    /// model does not have, or a register that is not a timer's) go to this handler, outside the
    /// vCPU's lock; without one they come back <see cref="AccessOutcome.Unhandled"/>.
    /// </summary>
    public ISysregTrapHandler? OtherRegisters { get; set; }

    /// <summary>
    /// Reads a timer register as the guest sees it now (<c>kvm_arm_timer_read_sysreg</c>): what a
    /// direct (hardware) access of a loaded vCPU reads, and what an emulated one returns.
    /// </summary>
    /// <param name="timer">The timer.</param>
    /// <param name="timerRegister">Its register.</param>
    /// <param name="value">The 64-bit value (a TVAL read is CVAL minus the count, zero-extended from 32 bits).</param>
    /// <returns>Handled, or Undefined when the vCPU has no such timer.</returns>
    public AccessOutcome ReadSysreg(TimerId timer, TimerRegister timerRegister, out ulong value)
    {
        using (Enter())
        {
            ulong offset = OffsetForIfAny(timer);
            return ReadLocked(timer, timerRegister, Vm.Now, offset, offset, out value);
        }
    }

    /// <summary>
    /// Writes a timer register as the guest does (<c>kvm_arm_timer_write_sysreg</c>); a loaded vCPU's
    /// line and host timer follow at once.
    /// </summary>
    /// <param name="timer">The timer.</param>
    /// <param name="timerRegister">Its register.</param>
    /// <param name="value">The 64-bit value written (TVAL: bits [31:0], sign-extended).</param>
    /// <returns>Handled, or Undefined for a counter (read-only) or a timer the vCPU does not have.</returns>
    public AccessOutcome WriteSysreg(TimerId timer, TimerRegister timerRegister, ulong value)
    {
        using (Enter())
        {
            ulong offset = OffsetForIfAny(timer);
            return WriteLocked(timer, timerRegister, value, Vm.Now, offset, offset);
        }
    }

    /// <summary>
    /// Emulates a trapped access the hypervisor has decoded (<see cref="SysregAccess.TryDecode"/>): finds
    /// its accessor and dispatches it through the generated table to the timer handlers. Allocates nothing.
    /// </summary>
    /// <param name="access">The access; a read's result is left in <see cref="SysregAccess.Value"/>.</param>
    /// <returns>Handled; Undefined for the caller to inject an UNDEF; Unhandled for a register neither this runtime nor <see cref="OtherRegisters"/> emulates.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AccessOutcome HandleTrap(ref SysregAccess access) => HandleTrap(ref access, SysregEncodings.FindRow(access.Encoding));

    /// <summary>Emulates a trapped access whose accessor the caller has already found (no lookup).</summary>
    /// <param name="access">The access; a read's result is left in <see cref="SysregAccess.Value"/>.</param>
    /// <param name="accessor">The accessor of the access's encoding.</param>
    /// <returns>Handled; Undefined for the caller to inject an UNDEF; Unhandled for a register neither this runtime nor <see cref="OtherRegisters"/> emulates.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="accessor"/> is not a defined accessor.</exception>
    public AccessOutcome HandleTrap(ref SysregAccess access, SysregAccessor accessor) => HandleTrap(ref access, SysregTable.Row(accessor));

    /// <summary>Emulates a trapped access whose dispatch row the caller has already found (<see cref="SysregEncodings.FindRow"/>).</summary>
    /// <param name="access">The access; a read's result is left in <see cref="SysregAccess.Value"/>.</param>
    /// <param name="row">The row of the access's encoding; an absent row goes to <see cref="OtherRegisters"/>.</param>
    /// <returns>Handled; Undefined for the caller to inject an UNDEF; Unhandled for a register neither this runtime nor <see cref="OtherRegisters"/> emulates.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AccessOutcome HandleTrap(ref SysregAccess access, SysregRow row)
    {
        AccessOutcome outcome = row.IsPresent ? Access(ref access, row) : AccessOutcome.Unhandled;
        if (outcome == AccessOutcome.Handled)
        {
            // Add costs a call even with no listener; the trap path checks first.
            if (TimerDiagnostics.Measuring(TimerMetrics.Traps))
            {
                CountTrap();
            }
        }
        else if (outcome == AccessOutcome.Unhandled && OtherRegisters is { } other)
        {
            outcome = other.HandleTrap(ref access);
        }

        return outcome;
    }

    /// <summary>
    /// An access that did not trap, as the hardware timer would serve it: the same register semantics
    /// and context as a trapped one (this model backs every timer with host timers, so direct and
    /// emulated accesses behave alike), without counting a trap or consulting <see cref="OtherRegisters"/>.
    /// A CPU model calls it for the guest's direct accesses to timer registers.
    /// </summary>
    /// <param name="access">The access; a read's result is left in <see cref="SysregAccess.Value"/>.</param>
    /// <param name="accessor">The accessor of the access's encoding.</param>
    /// <returns>Handled; Undefined for a forbidden direction or a timer the vCPU does not have; Unhandled for a register that is not a timer's.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="accessor"/> is not a defined accessor.</exception>
    public AccessOutcome AccessDirect(ref SysregAccess access, SysregAccessor accessor) => Access(ref access, SysregTable.Row(accessor));

    /// <summary>An access, entered as <see cref="Enter"/> does: the owner's path holds no lock, so it has no try/finally to pay for and is inlined into the trap handlers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private AccessOutcome Access(ref SysregAccess access, SysregRow row) =>
        EnterAsOwner(out int thread) ? Dispatch(ref access, row) : AccessShared(ref access, row, thread);

    /// <summary>An access from a thread that does not own the vCPU: under its lock (<see cref="EnterShared"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private AccessOutcome AccessShared(ref SysregAccess access, SysregRow row, int thread)
    {
        using (EnterShared(thread))
        {
            return Dispatch(ref access, row);
        }
    }

    /// <summary>Dispatches the entered access through the generated table, with one counter sample for all its decisions.</summary>
    private AccessOutcome Dispatch(ref SysregAccess access, SysregRow row)
    {
        var handler = new Handler(this, Vm.Now, row.IsAlias);
        return SysregDispatcher.Dispatch(ref handler, ref access, row);
    }

    /// <summary>
    /// Emulates a trapped access from its syndrome and the guest's general-purpose registers: reads
    /// Rt (and Rt2 for MCRR) for a write, writes them for a read (see <see cref="GuestRegisters"/>).
    /// The syndrome is decoded once and the accessor looked up once.
    /// </summary>
    /// <param name="esr">The ESR_EL2 of the trap (EC 0x18, 0x03, 0x04, 0x05 or 0x0C).</param>
    /// <param name="registers">The guest's X0..X30 (AArch64) or R0..R14 (AArch32); register 31 of an AArch64 access is XZR.</param>
    /// <returns>Handled; Undefined (a write to a counter, an MCR to a 64-bit register…) for the caller to inject an UNDEF; Unhandled for a register neither this runtime nor <see cref="OtherRegisters"/> emulates; NotSysregTrap for another exception class.</returns>
    /// <exception cref="ArgumentException">The syndrome names a register beyond <paramref name="registers"/>.</exception>
    public AccessOutcome HandleTrap(ulong esr, Span<ulong> registers)
    {
        if (!SysregAccess.TryDecode(esr, out SysregAccess access))
        {
            return AccessOutcome.NotSysregTrap;
        }

        GuestRegisters.Load(ref access, registers);
        AccessOutcome outcome = HandleTrap(ref access);
        if (outcome == AccessOutcome.Handled)
        {
            GuestRegisters.Store(in access, registers);
        }

        return outcome;
    }

    /// <summary>A timer's own offset, or 0 for a timer the vCPU does not have (whose access is UNDEFINED anyway).</summary>
    private ulong OffsetForIfAny(TimerId timer) => (uint)timer < (uint)_timers.Length ? OffsetFor(timer) : 0;

    private AccessOutcome ReadLocked(TimerId timer, TimerRegister timerRegister, ulong now, ulong viewOffset, ulong offset, out ulong value)
    {
        if ((uint)timer >= (uint)_timers.Length)
        {
            // The EL2 timers exist only for nested virtualisation (KVM's access_hv_timer UNDEFs too).
            value = 0;
            return AccessOutcome.Undefined;
        }

        value = _timers[(int)timer].Read(timerRegister, now, viewOffset, offset);
        return AccessOutcome.Handled;
    }

    private AccessOutcome WriteLocked(TimerId timer, TimerRegister timerRegister, ulong value, ulong now, ulong viewOffset, ulong offset)
    {
        if ((uint)timer >= (uint)_timers.Length || !_timers[(int)timer].Write(timerRegister, value, now, viewOffset))
        {
            return AccessOutcome.Undefined;
        }

        if (_loaded)
        {
            Emulate(_timers[(int)timer], now, offset);
        }

        return AccessOutcome.Handled;
    }

    /// <summary>Counts a handled trap for a metrics listener, out of line: inlined, the instrument's code enlarged every access's frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CountTrap() => TimerMetrics.Traps.Add(1);

    /// <summary>Reports an emulated access to an event listener, out of line for the same reason (it builds a string).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportAccess(TimerId timer, TimerRegister timerRegister, in SysregAccess access) =>
        TimerEventSource.Log.EmulatedAccess(Id, timer + "." + timerRegister, access.IsWrite, access.Value);

    /// <summary>The dispatcher's handler (<c>access_arch_timer</c>): a struct, so the generic dispatch is specialised and calls it directly.</summary>
    /// <param name="vcpu">The vCPU, whose lock the caller holds.</param>
    /// <param name="now">The counter sample every decision of the access uses.</param>
    /// <param name="alias">Whether the encoding is a VHE _EL02 alias, which reaches the EL1 timers even in a hypervisor context.</param>
    private readonly struct Handler(VcpuTimers vcpu, ulong now, bool alias) : ITimerAccessHandler, ISysregAccessHandler<Sysreg>
    {
        public AccessOutcome AccessTimer(TimerId timer, TimerRegister timerRegister, ref SysregAccess access)
        {
            (timer, ulong view, ulong offset) = vcpu.Reach(timer, timerRegister, alias);
            AccessOutcome outcome;
            if (access.IsWrite)
            {
                outcome = vcpu.WriteLocked(timer, timerRegister, access.Value, now, view, offset);
            }
            else
            {
                outcome = vcpu.ReadLocked(timer, timerRegister, now, view, offset, out ulong value);
                access.Value = value;
            }

            if (outcome == AccessOutcome.Handled && TimerDiagnostics.Events)
            {
                vcpu.ReportAccess(timer, timerRegister, in access);
            }

            return outcome;
        }

        /// <summary>The other registers of the model (CNTFRQ, CNTKCTL, the EL2 controls) are the vCPU's, not the timers': the host's.</summary>
        public AccessOutcome AccessRegister(Sysreg sysreg, ref SysregAccess access) => AccessOutcome.Unhandled;
    }
}
