using System;
using System.Globalization;

namespace SysregGen;

/// <summary>
/// The encoding of a system-register access: the op0/op1/CRn/CRm/op2 of an AArch64 MRS/MSR, the
/// coprocessor and opc1/CRn/CRm/opc2 of an AArch32 MRC/MCR, or the coprocessor and opc1/CRm of an
/// MRRC/MCRR. It identifies a register across every generated model, whatever its namespace.
/// </summary>
/// <remarks>
/// <see cref="Value"/> packs the fields where the syndrome of a trapped access (ESR_ELx.ISS) carries
/// them, so <see cref="TryFromSyndrome"/> is a mask and an OR: [29:28] the form, [27:24] the
/// coprocessor (AArch32 forms), and then, for AArch64 (EC 0x18) Op0[21:20] Op2[19:17] Op1[16:14]
/// CRn[13:10] CRm[4:1]; for MRC/MCR (EC 0x03/0x05) Opc2[19:17] Opc1[16:14] CRn[13:10] CRm[4:1]; for
/// MRRC/MCRR (EC 0x04/0x0C) Opc1[19:16] CRm[4:1]. The layout is stable: tables may be keyed by it.
/// </remarks>
public readonly struct SysregEncoding : IEquatable<SysregEncoding>, IComparable<SysregEncoding>
{
    private const int KindShift = 28;
    private const int CoprocShift = 24;
    private const uint A64IssMask = 0x003F_FC1E;
    private const uint A32IssMask = 0x000F_FC1E;
    private const uint A32WideIssMask = 0x000F_001E;

    private SysregEncoding(uint value) => Value = value;

    /// <summary>The packed encoding (see the remarks for the layout).</summary>
    public uint Value { get; }

    /// <summary>The instruction form.</summary>
    public AccessorKind Kind => (AccessorKind)(Value >> KindShift);

    /// <summary>op0 of an AArch64 encoding; 0 for AArch32.</summary>
    public int Op0 => Kind == AccessorKind.AArch64 ? (int)(Value >> 20) & 0x3 : 0;

    /// <summary>The coprocessor (14 or 15) of an AArch32 encoding; 0 for AArch64.</summary>
    public int Coproc => (int)(Value >> CoprocShift) & 0xF;

    /// <summary>op1 (AArch64) or opc1 (AArch32).</summary>
    public int Op1 => Kind == AccessorKind.AArch32Wide ? (int)(Value >> 16) & 0xF : (int)(Value >> 14) & 0x7;

    /// <summary>CRn (0 for MRRC/MCRR).</summary>
    public int CRn => Kind == AccessorKind.AArch32Wide ? 0 : (int)(Value >> 10) & 0xF;

    /// <summary>CRm.</summary>
    public int CRm => (int)(Value >> 1) & 0xF;

    /// <summary>op2 (AArch64) or opc2 (AArch32; 0 for MRRC/MCRR).</summary>
    public int Op2 => Kind == AccessorKind.AArch32Wide ? 0 : (int)(Value >> 17) & 0x7;

    /// <summary>An AArch64 MRS/MSR encoding.</summary>
    /// <param name="op0">op0, 0..3.</param>
    /// <param name="op1">op1, 0..7.</param>
    /// <param name="crn">CRn, 0..15.</param>
    /// <param name="crm">CRm, 0..15.</param>
    /// <param name="op2">op2, 0..7.</param>
    /// <returns>The encoding.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of its range.</exception>
    public static SysregEncoding AArch64(int op0, int op1, int crn, int crm, int op2)
    {
        Check(op0, 3, nameof(op0));
        Check(op1, 7, nameof(op1));
        Check(crn, 15, nameof(crn));
        Check(crm, 15, nameof(crm));
        Check(op2, 7, nameof(op2));
        return new((uint)op0 << 20 | (uint)op2 << 17 | (uint)op1 << 14 | (uint)crn << 10 | (uint)crm << 1);
    }

    /// <summary>An AArch32 MRC/MCR encoding.</summary>
    /// <param name="coproc">The coprocessor, 14 or 15.</param>
    /// <param name="opc1">opc1, 0..7.</param>
    /// <param name="crn">CRn, 0..15.</param>
    /// <param name="crm">CRm, 0..15.</param>
    /// <param name="opc2">opc2, 0..7.</param>
    /// <returns>The encoding.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of its range.</exception>
    public static SysregEncoding AArch32(int coproc, int opc1, int crn, int crm, int opc2)
    {
        CheckCoproc(coproc);
        Check(opc1, 7, nameof(opc1));
        Check(crn, 15, nameof(crn));
        Check(crm, 15, nameof(crm));
        Check(opc2, 7, nameof(opc2));
        return new(1u << KindShift | (uint)coproc << CoprocShift | (uint)opc2 << 17 | (uint)opc1 << 14 | (uint)crn << 10 | (uint)crm << 1);
    }

    /// <summary>An AArch32 MRRC/MCRR encoding.</summary>
    /// <param name="coproc">The coprocessor, 14 or 15.</param>
    /// <param name="opc1">opc1, 0..15.</param>
    /// <param name="crm">CRm, 0..15.</param>
    /// <returns>The encoding.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of its range.</exception>
    public static SysregEncoding AArch32Wide(int coproc, int opc1, int crm)
    {
        CheckCoproc(coproc);
        Check(opc1, 15, nameof(opc1));
        Check(crm, 15, nameof(crm));
        return new(2u << KindShift | (uint)coproc << CoprocShift | (uint)opc1 << 16 | (uint)crm << 1);
    }

    /// <summary>
    /// The encoding a trapped access's syndrome names: EC 0x18 (MSR/MRS), 0x03 and 0x05 (MCR/MRC to
    /// p15 and p14), 0x04 and 0x0C (MCRR/MRRC to p15, MRRC to p14).
    /// </summary>
    /// <param name="esr">The ESR_ELx value.</param>
    /// <param name="encoding">The encoding, when the syndrome is a system-register trap.</param>
    /// <returns>False for any other exception class.</returns>
    public static bool TryFromSyndrome(ulong esr, out SysregEncoding encoding)
    {
        // One load instead of a switch: the branch a switch takes depends on the instruction form,
        // which a trap mix makes unpredictable. Each class's entry holds the form's kind and
        // coprocessor bits (high half) and the ISS bits that name the register (low half); every
        // other class has 0, which gives no encoding.
        ulong form = SyndromeForms[(int)Esr.Ec(esr)];
        encoding = new((uint)(form >> 32) | (Esr.Iss(esr) & (uint)form));
        return form != 0;
    }

    /// <summary>Whether two encodings are the same.</summary>
    /// <param name="other">The other encoding.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(SysregEncoding other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SysregEncoding other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Value;

    /// <summary>Orders encodings by form, then by their fields (op0, op2, op1, CRn, CRm for AArch64).</summary>
    /// <param name="other">The other encoding.</param>
    /// <returns>The order.</returns>
    public int CompareTo(SysregEncoding other) => Value.CompareTo(other.Value);

    /// <summary>The generic assembler name (<c>S3_3_C14_C2_1</c>), or the coprocessor form (<c>p15, 0, c14, c2, 1</c>; <c>p15, 2, c14</c>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        AccessorKind.AArch64 => string.Create(CultureInfo.InvariantCulture, $"S{Op0}_{Op1}_C{CRn}_C{CRm}_{Op2}"),
        AccessorKind.AArch32 => string.Create(CultureInfo.InvariantCulture, $"p{Coproc}, {Op1}, c{CRn}, c{CRm}, {Op2}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"p{Coproc}, {Op1}, c{CRm}"),
    };

    /// <summary>Compares two encodings.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(SysregEncoding left, SysregEncoding right) => left.Equals(right);

    /// <summary>Compares two encodings.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(SysregEncoding left, SysregEncoding right) => !left.Equals(right);

    /// <summary>Orders two encodings.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(SysregEncoding left, SysregEncoding right) => left.Value < right.Value;

    /// <summary>Orders two encodings.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(SysregEncoding left, SysregEncoding right) => left.Value > right.Value;

    /// <summary>Orders two encodings.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>True unless <paramref name="left"/> sorts last.</returns>
    public static bool operator <=(SysregEncoding left, SysregEncoding right) => left.Value <= right.Value;

    /// <summary>Orders two encodings.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>True unless <paramref name="left"/> sorts first.</returns>
    public static bool operator >=(SysregEncoding left, SysregEncoding right) => left.Value >= right.Value;

    /// <summary>Per exception class (ESR bits [31:26]): the encoding's form bits, shifted up 32, and the ISS mask of the register's fields.</summary>
    private static ReadOnlySpan<ulong> SyndromeForms =>
    [
        0, 0, 0,
        (ulong)(1u << KindShift | 15u << CoprocShift) << 32 | A32IssMask,          // 0x03 MCR/MRC p15
        (ulong)(2u << KindShift | 15u << CoprocShift) << 32 | A32WideIssMask,      // 0x04 MCRR/MRRC p15
        (ulong)(1u << KindShift | 14u << CoprocShift) << 32 | A32IssMask,          // 0x05 MCR/MRC p14
        0, 0, 0, 0, 0, 0,
        (ulong)(2u << KindShift | 14u << CoprocShift) << 32 | A32WideIssMask,      // 0x0C MRRC p14
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        A64IssMask,                                                                  // 0x18 MSR/MRS
        0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private static void Check(int value, int max, string name)
    {
        if ((uint)value > (uint)max)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is 0..{max}."));
        }
    }

    private static void CheckCoproc(int coproc)
    {
        if (coproc is not (14 or 15))
        {
            throw new ArgumentOutOfRangeException(nameof(coproc), coproc, "The system-register coprocessors are p14 and p15.");
        }
    }
}
