using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SysregGen;

/// <summary>
/// One row of a generated dispatch table, packed into 64 bits so that finding an encoding's row is a
/// single load: the encoding it answers for, its accessor, what an access means (a timer register,
/// or a register of the model), and the rights and width the dispatcher checks. Generated code
/// builds rows at build time and reads them with <see cref="PerfectHash"/>; a default row is "no row".
/// </summary>
/// <remarks>
/// Layout: [29:0] <see cref="SysregEncoding.Value"/>; [30] readable; [31] writable; [47:32] the
/// accessor; [59:48] the meaning (<c>timer &lt;&lt; 2 | timer register</c> for a timer's register,
/// the <c>Sysreg</c> value otherwise); [60] timer; [61] an MRC/MCR view, which moves bits [31:0];
/// [62] a VHE alias; [63] present. The generator's table builder writes the same layout.
/// </remarks>
public readonly struct SysregRow : IEquatable<SysregRow>
{
    /// <summary>The bit every real row has, so that an empty slot never matches an encoding.</summary>
    public const ulong PresentBit = 1UL << 63;

    /// <summary>The bits that hold the encoding.</summary>
    public const ulong EncodingMask = 0x3FFF_FFFF;

    /// <summary>The largest accessor value a row holds.</summary>
    public const int MaxAccessor = 0xFFFF;

    /// <summary>The largest register value a row holds.</summary>
    public const int MaxRegister = 0xFFF;

    private const int ReadableBit = 30;
    private const int WritableBit = 31;
    private const int AccessorShift = 32;
    private const int MeaningShift = 48;
    private const int TimerBit = 60;
    private const int NarrowBit = 61;
    private const int AliasBit = 62;

    /// <summary>Wraps a packed row.</summary>
    /// <param name="bits">The 64 bits, laid out as the remarks say.</param>
    public SysregRow(ulong bits) => Bits = bits;

    /// <summary>The packed row.</summary>
    public ulong Bits { get; }

    /// <summary>Whether this is a row of the table (false for the row of an encoding no spec defines).</summary>
    public bool IsPresent => (long)Bits < 0;

    /// <summary>The encoding this row answers for.</summary>
    public uint Encoding => (uint)(Bits & EncodingMask);

    /// <summary>The accessor (the generated <c>SysregAccessor</c> value).</summary>
    public int Accessor => (ushort)(Bits >> AccessorShift);

    /// <summary>Whether the instruction set allows a read (MRS/MRC/MRRC).</summary>
    public bool CanRead => (Bits & (1UL << ReadableBit)) != 0;

    /// <summary>Whether the instruction set allows a write (MSR/MCR/MCRR).</summary>
    public bool CanWrite => (Bits & (1UL << WritableBit)) != 0;

    /// <summary>Whether the access means a timer's register (see <see cref="Timer"/>), rather than a register of the model (<see cref="Register"/>).</summary>
    public bool IsTimer => (Bits & (1UL << TimerBit)) != 0;

    /// <summary>The timer, when <see cref="IsTimer"/>.</summary>
    public TimerId Timer => (TimerId)(Meaning >> 2);

    /// <summary>The timer's register, when <see cref="IsTimer"/>.</summary>
    public TimerRegister TimerRegister => (TimerRegister)(Meaning & 3);

    /// <summary>The register (the generated <c>Sysreg</c> value), when not <see cref="IsTimer"/>.</summary>
    public int Register => Meaning;

    /// <summary>Whether the accessor is an AArch32 MRC/MCR, which moves bits [31:0] of the register.</summary>
    public bool IsNarrow => (Bits & (1UL << NarrowBit)) != 0;

    /// <summary>Whether the accessor is an alias (a VHE <c>_EL02</c>/<c>_EL12</c> encoding).</summary>
    public bool IsAlias => (Bits & (1UL << AliasBit)) != 0;

    private int Meaning => (int)(Bits >> MeaningShift) & MaxRegister;

    /// <summary>Packs a row (for tests and tools; generated code holds rows as constants).</summary>
    /// <param name="encoding">The encoding.</param>
    /// <param name="accessor">The accessor, 0..<see cref="MaxAccessor"/>.</param>
    /// <param name="meaning"><c>timer &lt;&lt; 2 | timer register</c> for a timer, else the register, 0..<see cref="MaxRegister"/>.</param>
    /// <param name="isTimer">Whether the access means a timer's register.</param>
    /// <param name="canRead">Whether reads are allowed.</param>
    /// <param name="canWrite">Whether writes are allowed.</param>
    /// <param name="isAlias">Whether the accessor is an alias.</param>
    /// <returns>The row.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The accessor or the meaning does not fit.</exception>
    public static SysregRow Create(SysregEncoding encoding, int accessor, int meaning, bool isTimer, bool canRead, bool canWrite, bool isAlias)
    {
        if ((uint)accessor > MaxAccessor)
        {
            throw new ArgumentOutOfRangeException(nameof(accessor), accessor, "A row holds accessors 0..65535.");
        }

        if ((uint)meaning > MaxRegister)
        {
            throw new ArgumentOutOfRangeException(nameof(meaning), meaning, "A row holds registers 0..4095.");
        }

        ulong bits = PresentBit | encoding.Value | (ulong)accessor << AccessorShift | (ulong)meaning << MeaningShift;
        bits |= (canRead ? 1UL << ReadableBit : 0) | (canWrite ? 1UL << WritableBit : 0) | (isTimer ? 1UL << TimerBit : 0)
            | (encoding.Kind == AccessorKind.AArch32 ? 1UL << NarrowBit : 0) | (isAlias ? 1UL << AliasBit : 0);
        return new SysregRow(bits);
    }

    /// <inheritdoc/>
    public bool Equals(SysregRow other) => Bits == other.Bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SysregRow other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Bits.GetHashCode();

    /// <summary>Compares two rows.</summary>
    /// <param name="left">A row.</param>
    /// <param name="right">Another.</param>
    /// <returns>Whether they are the same bits.</returns>
    public static bool operator ==(SysregRow left, SysregRow right) => left.Equals(right);

    /// <summary>Compares two rows.</summary>
    /// <param name="left">A row.</param>
    /// <param name="right">Another.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(SysregRow left, SysregRow right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => IsPresent ? $"row 0x{Bits:X16}" : "no row";
}

/// <summary>
/// The lookups of the collision-free hash tables the generator builds over a model's encodings: each
/// encoding has its own slot, found with a multiply and shifts, then loaded and compared; no load
/// depends on another, and no branch depends on which register was accessed. Small models get a
/// one-level table (<see cref="Find"/>: one slot per encoding), larger ones a two-choice table
/// (<see cref="FindInEitherSlot"/>: the encoding is in one of two slots, both loaded at once). The
/// generator's table builder (SysregGen.Specs) computes slots with the same arithmetic.
/// </summary>
public static class PerfectHash
{
    private const ulong PresentAndEncoding = SysregRow.PresentBit | SysregRow.EncodingMask;

    /// <summary>Finds an encoding's row in a one-level table.</summary>
    /// <param name="slots">The table, a power of two long.</param>
    /// <param name="multiplier">The table's multiplier.</param>
    /// <param name="shift">32 minus log2 of the table's length.</param>
    /// <param name="encoding">The encoding.</param>
    /// <returns>Its row, or the default (absent) row.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SysregRow Find(ReadOnlySpan<ulong> slots, uint multiplier, int shift, uint encoding)
    {
        ulong bits = slots[(int)((encoding * multiplier) >> shift) & (slots.Length - 1)];
        return new SysregRow((bits & PresentAndEncoding) == (SysregRow.PresentBit | encoding) ? bits : 0);
    }

    /// <summary>
    /// Finds an encoding's row in a two-choice (cuckoo) table: one 64-bit product gives two slots, its
    /// high half the first and its low half the second; the row is in one of them. Both are loaded
    /// independently, so the second costs no wait, and both are compared at once in one vector: the one
    /// whose encoding matches is kept, the other zeroed, with no branch (a branch on which of the two
    /// holds the row would be mispredicted half the time). An encoding is in one slot only, so at most
    /// one matches, and when both choices are the same slot both lanes hold the same row. Only the
    /// encoding bits are compared, not the present bit: an empty slot is 0, so where it "matches"
    /// (encoding 0) it adds nothing to the OR, and the present bit's constant cost a measurable share.
    /// </summary>
    /// <remarks>
    /// The slot numbers are not masked: <paramref name="shift"/> makes them smaller than the table's
    /// length, and the span's bounds checks turn a shift that does not match the table into an
    /// exception, never a read outside it. Masking them cost about 15% in DispatchScaleBenchmarks'
    /// lookup. Both halves are shifted as 32-bit values, so that for the generated code's constant
    /// table and shift the JIT sees each slot is in range and drops both bounds checks.
    /// </remarks>
    /// <param name="slots">The table, a power of two long.</param>
    /// <param name="multiplier">The table's 64-bit multiplier.</param>
    /// <param name="shift">32 minus log2 of the table's length.</param>
    /// <param name="encoding">The encoding.</param>
    /// <returns>Its row, or the default (absent) row.</returns>
    /// <exception cref="IndexOutOfRangeException"><paramref name="shift"/> is less than 32 minus log2 of the table's length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SysregRow FindInEitherSlot(ReadOnlySpan<ulong> slots, ulong multiplier, int shift, uint encoding)
    {
        ulong product = encoding * multiplier;
        Vector128<ulong> both = Vector128.Create(slots[(int)((uint)(product >> 32) >> shift)], slots[(int)((uint)product >> shift)]);
        Vector128<ulong> matches = Vector128.Equals(both & Vector128.Create(SysregRow.EncodingMask), Vector128.Create((ulong)encoding));
        Vector128<ulong> found = both & matches;
        return new SysregRow(found.GetElement(0) | found.GetElement(1));
    }
}
