using System;
using System.Globalization;

namespace SysregGen;

/// <summary>
/// One trapped system-register access: the encoding used, the direction, the data moved and the
/// general-purpose registers of the transfer, as the syndrome reports them.
/// </summary>
public struct SysregAccess
{
    /// <summary>Creates an access.</summary>
    /// <param name="encoding">The encoding used.</param>
    /// <param name="isWrite">True for MSR/MCR/MCRR, false for MRS/MRC/MRRC.</param>
    /// <param name="value">For a write, the value written (MCR: the 32-bit register; MCRR: Rt2:Rt).</param>
    /// <param name="rt">The transfer register, 0..31 (31 is XZR for AArch64).</param>
    /// <param name="rt2">The second transfer register of MRRC/MCRR (0..31), or -1 for the other forms.</param>
    /// <exception cref="ArgumentOutOfRangeException">A register number is out of range, or <paramref name="rt2"/> is given for a form that has none (or missing for MRRC/MCRR).</exception>
    public SysregAccess(SysregEncoding encoding, bool isWrite, ulong value = 0, int rt = 0, int rt2 = -1)
    {
        if ((uint)rt > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(rt), rt, "A transfer register is 0..31.");
        }

        bool wide = encoding.Kind == AccessorKind.AArch32Wide;
        if (wide ? (uint)rt2 > 31 : rt2 != -1)
        {
            throw new ArgumentOutOfRangeException(nameof(rt2), rt2, wide
                ? "MRRC/MCRR has a second transfer register, 0..31."
                : string.Create(CultureInfo.InvariantCulture, $"Only MRRC/MCRR has a second transfer register; pass -1 for {encoding.Kind}."));
        }

        Encoding = encoding;
        IsWrite = isWrite;
        Value = value;
        Rt = rt;
        Rt2 = rt2;
    }

    private SysregAccess(SysregEncoding encoding, bool isWrite, int rt, int rt2)
    {
        Encoding = encoding;
        IsWrite = isWrite;
        Rt = rt;
        Rt2 = rt2;
    }

    /// <summary>The encoding the guest used.</summary>
    public SysregEncoding Encoding { get; }

    /// <summary>True for a write (MSR, MCR, MCRR).</summary>
    public bool IsWrite { get; }

    /// <summary>For a write, the value written (MCR: the 32-bit Rt, zero-extended; MCRR: Rt2:Rt). For a read, the handler stores the result here.</summary>
    public ulong Value { get; set; }

    /// <summary>The general-purpose register of the transfer (Rt).</summary>
    public int Rt { get; }

    /// <summary>The second transfer register of MRRC/MCRR (Rt2, the high word), or -1.</summary>
    public int Rt2 { get; }

    /// <summary>
    /// Decodes a trapped access from its syndrome (EC 0x18, 0x03, 0x04, 0x05 or 0x0C): the encoding,
    /// the direction (ISS bit 0, 1 for a read) and the transfer registers. Looks nothing up: whether
    /// a model knows the encoding is for its dispatcher to say. The caller fills
    /// <see cref="Value"/> of a write from the guest's registers.
    /// </summary>
    /// <param name="esr">The ESR_ELx value.</param>
    /// <param name="access">The access, when the syndrome is a system-register trap.</param>
    /// <returns>False for any other exception class.</returns>
    public static bool TryDecode(ulong esr, out SysregAccess access)
    {
        if (!SysregEncoding.TryFromSyndrome(esr, out SysregEncoding encoding))
        {
            access = default;
            return false;
        }

        uint iss = Esr.Iss(esr);
        int rt2 = encoding.Kind == AccessorKind.AArch32Wide ? (int)(iss >> 10) & 0x1F : -1;
        access = new SysregAccess(encoding, isWrite: (iss & 1) == 0, rt: (int)(iss >> 5) & 0x1F, rt2);
        return true;
    }

    /// <inheritdoc/>
    public override readonly string ToString() => IsWrite
        ? string.Create(CultureInfo.InvariantCulture, $"write {Encoding} <- 0x{Value:x}")
        : string.Create(CultureInfo.InvariantCulture, $"read {Encoding}");
}
