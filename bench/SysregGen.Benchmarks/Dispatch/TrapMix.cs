using SysregGen.Registers;

namespace SysregGen.Benchmarks.Dispatch;

/// <summary>
/// A realistic stream of trapped timer-register accesses, as syndromes (ESR_EL2 values built with
/// the generated <see cref="Esr.ForAccess"/>, so they are what the CPU would report).
/// </summary>
/// <remarks>
/// The mix, fixed by a seed: 60% the accesses a Linux guest's timer interrupt path makes to the
/// trapped EL1 physical timer on a non-VHE host (CNTP_TVAL_EL0 writes, CNTP_CTL_EL0 reads and
/// writes, CNTP_CVAL_EL0 writes and reads), 10% CNTPCT_EL0 reads (trapped with a counter offset),
/// 10% the same from an AArch32 guest (CNTP_TVAL, CNTP_CTL, MCRR CNTP_CVAL), and 20% drawn evenly
/// from every encoding in <see cref="SysregTable"/> in both directions, so every AArch64, VHE-alias
/// and AArch32 encoding appears and the permission checks (a write to CNTPCT_EL0…) are taken.
/// Shuffled, so no alternative gets a predictable branch pattern the others do not.
/// </remarks>
internal static class TrapMix
{
    public const int Length = 1024;

    public static ulong[] Create(int seed = 5)
    {
        var random = new Random(seed);
        (SysregAccessor Accessor, bool IsRead)[] physical =
        {
            (SysregAccessor.CntpTvalEl0, false), (SysregAccessor.CntpCtlEl0, true), (SysregAccessor.CntpCtlEl0, false),
            (SysregAccessor.CntpCtlEl0, false), (SysregAccessor.CntpCvalEl0, false), (SysregAccessor.CntpCvalEl0, true),
        };
        (SysregAccessor Accessor, bool IsRead)[] aarch32 =
        {
            (SysregAccessor.A32CntpTval, false), (SysregAccessor.A32CntpCtl, true), (SysregAccessor.A32CntpCtl, false), (SysregAccessor.A32CntpCval, false),
        };
        ReadOnlySpan<SysregAccessorInfo> all = SysregTable.Accessors;

        var mix = new ulong[Length];
        for (int i = 0; i < mix.Length; i++)
        {
            int bucket = random.Next(100);
            (SysregAccessor accessor, bool isRead) = bucket switch
            {
                < 60 => physical[random.Next(physical.Length)],
                < 70 => (SysregAccessor.CntpctEl0, true),
                < 80 => aarch32[random.Next(aarch32.Length)],
                _ => (all[random.Next(all.Length)].Accessor, random.Next(2) == 0),
            };
            bool isA64 = SysregTable.Get(accessor).Kind == AccessorKind.AArch64;
            int rt = random.Next(isA64 ? 31 : 15);
            int rt2 = random.Next(15);
            mix[i] = Esr.ForAccess(accessor.Encoding(), isRead, rt, rt2);
        }

        return mix;
    }
}
