using SysregGen;
using SysregGen.Runtime.Timers;

namespace UnicornGuest.Machine;

/// <summary>
/// CNTFRQ_EL0, which KVM leaves to the host (the timers do not emulate it): reads return the
/// counter's frequency, so the guest computes its tick period from the runtime's clock; a write
/// from EL1 is UNDEFINED (only the highest EL may write it).
/// </summary>
internal sealed class CounterFrequency(VmTimers vm) : ISysregTrapHandler
{
    /// <summary>CNTFRQ_EL0: op0 3, op1 3, CRn 14, CRm 0, op2 0.</summary>
    public static readonly SysregEncoding Cntfrq = SysregEncoding.AArch64(3, 3, 14, 0, 0);

    /// <inheritdoc/>
    public AccessOutcome HandleTrap(ref SysregAccess access)
    {
        if (access.Encoding != Cntfrq)
        {
            return AccessOutcome.Unhandled;
        }

        if (access.IsWrite)
        {
            return AccessOutcome.Undefined;
        }

        access.Value = vm.Frequency;
        return AccessOutcome.Handled;
    }
}
