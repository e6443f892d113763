using System;
using System.Globalization;

namespace SysregGen;

/// <summary>Exception syndrome (ESR_ELx) fields and the syndromes of trapped system-register accesses.</summary>
public static class Esr
{
    /// <summary>EC 0x00: unknown reason, used for UNDEFINED instructions.</summary>
    public const uint EcUnknown = 0x00;

    /// <summary>EC 0x03: trapped MCR/MRC to coprocessor p15.</summary>
    public const uint EcMcrMrcCp15 = 0x03;

    /// <summary>EC 0x04: trapped MCRR/MRRC to coprocessor p15.</summary>
    public const uint EcMcrrMrrcCp15 = 0x04;

    /// <summary>EC 0x05: trapped MCR/MRC to coprocessor p14.</summary>
    public const uint EcMcrMrcCp14 = 0x05;

    /// <summary>EC 0x0C: trapped MRRC to coprocessor p14.</summary>
    public const uint EcMrrcCp14 = 0x0C;

    /// <summary>EC 0x18: trapped MSR/MRS or system instruction (AArch64).</summary>
    public const uint EcSysreg = 0x18;

    /// <summary>The syndrome of an UNDEFINED instruction: EC 0x00, IL 1, ISS 0.</summary>
    public const uint Undefined = 0x0200_0000;

    private const uint Il = 1u << 25;
    private const uint CvCondAlways = (1u << 24) | (0xEu << 20);

    /// <summary>The exception class, ESR[31:26].</summary>
    /// <param name="esr">The syndrome.</param>
    /// <returns>The EC.</returns>
    public static uint Ec(ulong esr) => (uint)(esr >> 26) & 0x3F;

    /// <summary>The instruction-specific syndrome, ESR[24:0].</summary>
    /// <param name="esr">The syndrome.</param>
    /// <returns>The ISS.</returns>
    public static uint Iss(ulong esr) => (uint)esr & 0x01FF_FFFF;

    /// <summary>
    /// The syndrome a trapped access reports: IL = 1; for AArch32, CV = 1 and COND = 0xE (the access
    /// passed its condition check before it could trap).
    /// </summary>
    /// <param name="encoding">The encoding used.</param>
    /// <param name="isRead">True for MRS/MRC/MRRC.</param>
    /// <param name="rt">The transfer register: 0..31 for AArch64 (31 is XZR), 0..15 for AArch32.</param>
    /// <param name="rt2">The second transfer register of MRRC/MCRR, 0..15; ignored for the other forms.</param>
    /// <returns>The 32-bit ESR value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A register number is out of range for the form, or the form has no such trap (an MCRR to p14).</exception>
    public static uint ForAccess(SysregEncoding encoding, bool isRead, int rt, int rt2 = 0)
    {
        AccessorKind kind = encoding.Kind;
        int maxRt = kind == AccessorKind.AArch64 ? 31 : 15;
        if ((uint)rt > (uint)maxRt)
        {
            throw new ArgumentOutOfRangeException(nameof(rt), rt, string.Create(CultureInfo.InvariantCulture, $"A {kind} transfer register is 0..{maxRt}."));
        }

        uint dir = isRead ? 1u : 0u;
        uint rtBits = (uint)rt << 5;
        switch (kind)
        {
            case AccessorKind.AArch64:
                return EcSysreg << 26 | Il | encoding.Value | rtBits | dir;
            case AccessorKind.AArch32:
                uint ec = encoding.Coproc == 14 ? EcMcrMrcCp14 : EcMcrMrcCp15;
                return ec << 26 | Il | CvCondAlways | (encoding.Value & 0x000F_FFFF) | rtBits | dir;
            default:
                if ((uint)rt2 > 15)
                {
                    throw new ArgumentOutOfRangeException(nameof(rt2), rt2, "An MRRC/MCRR second transfer register is 0..15.");
                }

                if (encoding.Coproc == 14 && !isRead)
                {
                    throw new ArgumentOutOfRangeException(nameof(isRead), isRead, "An MCRR to p14 has no trap syndrome (EC 0x0C is MRRC only).");
                }

                uint wideEc = encoding.Coproc == 14 ? EcMrrcCp14 : EcMcrrMrrcCp15;
                return wideEc << 26 | Il | CvCondAlways | (encoding.Value & 0x000F_FFFF) | (uint)rt2 << 10 | rtBits | dir;
        }
    }
}
