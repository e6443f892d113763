using SysregGen.Registers;

namespace SysregGen.Benchmarks.Dispatch;

/// <summary>
/// The handler every dispatch alternative calls: a struct, as the runtime's own handler is, so the
/// generic dispatch is specialised for it. It does almost nothing (a read returns a value derived
/// from what was reached, a write is folded into a checksum), so the figures are the cost of
/// finding it. The checksum also lets setup prove that every alternative calls it identically.
/// </summary>
internal struct BenchHandler : ITimerAccessHandler, ISysregAccessHandler<Sysreg>
{
    public ulong Checksum;

    public AccessOutcome AccessTimer(TimerId timer, TimerRegister timerRegister, ref SysregAccess access)
    {
        ulong slot = ((ulong)timer << 2) | (ulong)timerRegister;
        if (access.IsWrite)
        {
            Checksum = (Checksum * 31) + (access.Value ^ slot);
        }
        else
        {
            access.Value = 0x9E37_79B9_7F4A_7C15UL * (slot + 1);
        }

        return AccessOutcome.Handled;
    }

    public AccessOutcome AccessRegister(Sysreg sysreg, ref SysregAccess access)
    {
        ulong slot = 0x100 | (ulong)sysreg;
        if (access.IsWrite)
        {
            Checksum = (Checksum * 31) + (access.Value ^ slot);
        }
        else
        {
            access.Value = 0xC2B2_AE3D_27D4_EB4FUL * slot;
        }

        return AccessOutcome.Handled;
    }
}
