using SysregGen.Registers;
using SysregGen.Runtime.Userspace;

namespace SysregGen.Runtime.Timers;

/// <summary>KVM's one-reg interface to the timer registers (<c>kvm_arm_timer_get_reg</c>/<c>kvm_arm_timer_set_reg</c>).</summary>
public sealed partial class VcpuTimers
{
    /// <summary>KVM_GET_ONE_REG of a timer register. A CTL read reports ISTATUS as a guest read would.</summary>
    /// <param name="id">A <see cref="KvmRegisterIds"/> value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see cref="KvmResult.NoSuchRegister"/> for an id that is not a timer register of this vCPU (the EL2 ones need virtual EL2).</returns>
    public KvmResult GetOneReg(ulong id, out ulong value)
    {
        value = 0;
        using (Enter())
        {
            if (TryOffsetRegister(id, out bool virtualOffset))
            {
                value = virtualOffset ? _virtualEl2.Cntvoff : _virtualEl2.Cntpoff;
                return KvmResult.Ok;
            }

            if (!KvmRegisterIds.TryDecode(id, out TimerId timer, out TimerRegister register) || (int)timer >= _timers.Length)
            {
                return KvmResult.NoSuchRegister;
            }

            value = _timers[(int)timer].Read(register, Vm.Now);
            return KvmResult.Ok;
        }
    }

    /// <summary>
    /// KVM_SET_ONE_REG of a timer register. CTL loses ISTATUS; TIMER_CNT sets the VM-wide virtual
    /// offset (every vCPU's counter moves) and PTIMER_CNT the physical one, unless the counter offset
    /// was pinned (then the write is ignored, as in KVM). The guest sees the change when the vCPU is
    /// next loaded; a loaded vCPU is re-evaluated at once, as exit, set and re-entry would, and a
    /// blocked one's background timer is re-armed (KVM waits until the vCPU runs, its known limitation).
    /// </summary>
    /// <param name="id">A <see cref="KvmRegisterIds"/> value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see cref="KvmResult.NoSuchRegister"/> for an id that is not a timer register of this vCPU; nothing changes then.</returns>
    public KvmResult SetOneReg(ulong id, ulong value)
    {
        // Userspace reaches a running vCPU through exit, set and re-entry, and the re-entry
        // re-evaluates its lines even when the write changes nothing in force (an offset that does not
        // apply, a counter write ignored under a pinned offset).
        if (TryOffsetRegister(id, out bool virtualOffset))
        {
            VirtualEl2State el2 = VirtualEl2;
            return SetVirtualEl2(virtualOffset ? el2 with { Cntvoff = value } : el2 with { Cntpoff = value }, reevaluate: true);
        }

        if (!KvmRegisterIds.TryDecode(id, out TimerId timer, out TimerRegister register) || (int)timer >= _timers.Length)
        {
            return KvmResult.NoSuchRegister;
        }

        if (register == TimerRegister.Count)
        {
            ulong offset = Vm.Now - value;
            if (timer == TimerId.Virtual)
            {
                Vm.SetVirtualOffset(offset);
            }
            else
            {
                Vm.SetPhysicalOffset(offset);
            }

            Reevaluate();
            return KvmResult.Ok;
        }

        bool wake;
        using (Enter())
        {
            TimerContext t = _timers[(int)timer];
            if (register == TimerRegister.Ctl)
            {
                t.SetState(value & ~CntpCtl.IstatusMask, t.Cval);
            }
            else
            {
                t.SetState(t.Ctl, value);
            }

            // A put vCPU's lines change at its next load; a blocked one's background timer follows the
            // new deadline at once, so it is neither woken late nor left sleeping past a due timer.
            wake = ReevaluateLocked(Vm.Now);
        }

        if (wake)
        {
            NotifyWake();
        }

        return KvmResult.Ok;
    }

    /// <summary>Whether <paramref name="id"/> is the guest hypervisor's CNTVOFF_EL2 or CNTPOFF_EL2, which only a vCPU with virtual EL2 has.</summary>
    private bool TryOffsetRegister(ulong id, out bool virtualOffset)
    {
        virtualOffset = id == KvmRegisterIds.Cntvoff;
        return Vm.Options.NestedVirtualization && (virtualOffset || id == KvmRegisterIds.Cntpoff);
    }
}
