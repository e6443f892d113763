using System;
using System.Runtime.CompilerServices;
using SysregGen.Registers;

namespace SysregGen.Runtime.Timers;

/// <summary>
/// Nested virtualisation (KVM's NV timer support): the guest hypervisor's state the timers follow,
/// the offsets it adds, and which context an access in its hypervisor context reaches.
/// </summary>
public sealed partial class VcpuTimers
{
    /// <summary>What the timers know of the vCPU's virtual EL2 (all zero without nested virtualisation).</summary>
    public VirtualEl2State VirtualEl2
    {
        get
        {
            using (EnterToRead())
            {
                return _virtualEl2;
            }
        }
    }

    /// <summary>
    /// Updates what the timers know of the vCPU's virtual EL2: the CPU model calls it when the vCPU
    /// enters or leaves its hypervisor context, or the guest hypervisor writes HCR_EL2, CNTHCTL_EL2,
    /// CNTVOFF_EL2 or CNTPOFF_EL2. An offset change moves the timers' conditions: a loaded vCPU is
    /// re-evaluated at once, a blocked one's background timer re-armed (as for a VM offset change).
    /// </summary>
    /// <param name="state">The new state.</param>
    /// <returns>
    /// <see cref="KvmResult.InvalidArgument"/> (nothing changes) for a VM without nested virtualisation,
    /// or for CNTPOFF_EL2 applying on a CPU without FEAT_ECV (it has no CNTPOFF_EL2 then).
    /// </returns>
    public KvmResult SetVirtualEl2(VirtualEl2State state) => SetVirtualEl2(state, reevaluate: false);

    /// <summary>As <see cref="SetVirtualEl2(VirtualEl2State)"/>; <paramref name="reevaluate"/> re-evaluates the vCPU even when no offset in force moved (userspace's exit, set, re-entry).</summary>
    private KvmResult SetVirtualEl2(VirtualEl2State state, bool reevaluate)
    {
        if (!Vm.Options.NestedVirtualization)
        {
            return state == default ? KvmResult.Ok : KvmResult.InvalidArgument;
        }

        if (state.CntpoffApplies && (Vm.Options.Features & SysregFeatures.Ecv) == 0)
        {
            return KvmResult.InvalidArgument;
        }

        bool wake;
        using (Enter())
        {
            bool offsetsMoved = OffsetsOf(state) != OffsetsOf(_virtualEl2);
            _virtualEl2 = state;
            wake = (reevaluate || offsetsMoved) && ReevaluateLocked(Vm.Now);
        }

        if (wake)
        {
            NotifyWake();
        }

        return KvmResult.Ok;
    }

    /// <summary>
    /// The counter offset a timer's condition uses (KVM's <c>timer_get_offset</c>: <c>vm_offset</c> plus
    /// <c>vcpu_offset</c>): the VM's offset (<see cref="VmTimers.OffsetFor"/>), plus, under nested
    /// virtualisation, the guest hypervisor's CNTVOFF_EL2 for the virtual timer and its CNTPOFF_EL2,
    /// where it applies, for the EL1 physical timer. The EL2 timers use the VM's physical offset only.
    /// </summary>
    /// <param name="timer">The timer.</param>
    /// <returns>The offset.</returns>
    public ulong OffsetFor(TimerId timer)
    {
        ulong vm = Vm.OffsetFor(timer);
        (ulong cntvoff, ulong cntpoff) = OffsetsOf(_virtualEl2);
        return timer switch
        {
            TimerId.Virtual => vm + cntvoff,
            TimerId.Physical => vm + cntpoff,
            _ => vm,
        };
    }

    private static (ulong Cntvoff, ulong Cntpoff) OffsetsOf(in VirtualEl2State state) =>
        (state.Cntvoff, state.CntpoffApplies ? state.Cntpoff : 0);

    /// <summary>
    /// Which context an access reaches (KVM's <c>access_arch_timer</c> under NV) and the counter view it
    /// reads through. Outside the hypervisor context, the timer the encoding names. In it: the EL0
    /// encodings of the EL1 timers reach the EL2 timers when the guest hypervisor's E2H is set, as real
    /// EL2 redirects them; the counters read as EL2 reads them (CNTPCT without CNTPOFF_EL2, CNTVCT
    /// without CNTVOFF_EL2 when E2H is set); the _EL02 aliases reach the EL1 timers, and the EL1 physical
    /// timer's TVAL view from EL2 has no CNTPOFF_EL2. Unlike KVM's <c>access_hv_timer</c>, CNTHV_* with
    /// E2H clear is not UNDEFINED here: the architecture (and QEMU) let EL2 use it. The context's own
    /// offset (its condition's) comes with it, so the access computes it once.
    /// </summary>
    /// <remarks>Inlined into the trap handler: outside a hypervisor context (every access of a VM without nested virtualisation) it is one flag.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (TimerId Timer, ulong ViewOffset, ulong Offset) Reach(TimerId timer, TimerRegister timerRegister, bool alias) =>
        _virtualEl2.InHypContext && timer is (TimerId.Physical or TimerId.Virtual) ? ReachFromHypContext(timer, timerRegister, alias) : Own(timer);

    /// <summary>The hypervisor context's part of <see cref="Reach"/>, for the EL1 timers' encodings.</summary>
    private (TimerId Timer, ulong ViewOffset, ulong Offset) ReachFromHypContext(TimerId timer, TimerRegister timerRegister, bool alias)
    {
        VirtualEl2State el2 = _virtualEl2;
        if (timerRegister == TimerRegister.Count)
        {
            return Own(timer == TimerId.Physical ? TimerId.HypPhysical : el2.E2H ? TimerId.HypVirtual : TimerId.Virtual);
        }

        if (!alias && el2.E2H)
        {
            return Own(timer == TimerId.Physical ? TimerId.HypPhysical : TimerId.HypVirtual);
        }

        return timer == TimerId.Physical ? (timer, Vm.OffsetFor(TimerId.Physical), OffsetFor(timer)) : Own(timer);
    }

    /// <summary>A timer read through its own view: the offset its condition uses, computed once for the access.</summary>
    private (TimerId Timer, ulong ViewOffset, ulong Offset) Own(TimerId timer)
    {
        ulong offset = OffsetForIfAny(timer);
        return (timer, offset, offset);
    }
}
