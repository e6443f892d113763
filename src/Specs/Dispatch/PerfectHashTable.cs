using System;
using System.Collections.Generic;
using System.Linq;

namespace SysregGen.Specs.Dispatch;

/// <summary>
/// A collision-free hash table over a model's encodings, built at generation time: every key gets a
/// slot of its own, so a lookup is a multiply, shifts, and loads that depend on nothing but the key.
/// Small models get a one-level table (one multiplier, one load); models too large for one multiplier
/// get a two-choice (cuckoo) table (one 64-bit multiply, two loads side by side). The generated code
/// looks slots up with SysregGen.PerfectHash, whose arithmetic this type mirrors; a test checks both
/// agree for every encoding, and that other encodings find nothing, for each kind.
/// </summary>
public sealed class PerfectHashTable
{
    // The bits of SysregGen.SysregRow a slot is matched on: present, and the encoding.
    private const ulong PresentBit = 1UL << 63;
    private const ulong PresentAndEncoding = PresentBit | 0x3FFF_FFFF;

    private PerfectHashTable(PerfectHashKind kind, ulong[] slots, ulong multiplier, int slotBits)
    {
        Kind = kind;
        Slots = slots;
        Multiplier = multiplier;
        SlotBits = slotBits;
    }

    /// <summary>How keys are sent to slots, and so which lookup reads the table.</summary>
    public PerfectHashKind Kind { get; }

    /// <summary>The table: each key's row in its slot, 0 in the empty ones. Its length is 2^<see cref="SlotBits"/>.</summary>
    public IReadOnlyList<ulong> Slots { get; }

    /// <summary>The multiplier: 32 bits for a one-level table, 64 for a two-choice table.</summary>
    public ulong Multiplier { get; }

    /// <summary>log2 of the table's length.</summary>
    public int SlotBits { get; }

    /// <summary>32 minus <see cref="SlotBits"/>: the shift the lookup applies.</summary>
    public int SlotShift => 32 - SlotBits;

    /// <summary>Builds the table the generator emits: one-level when a multiplier separates every key, otherwise two-choice.</summary>
    /// <param name="rows">Each key (an encoding value, distinct, below 2^30) with its row.</param>
    /// <returns>The table; null when none could be built (more than 65,536 keys, or no multipliers place them all).</returns>
    public static PerfectHashTable? Build(IReadOnlyList<(uint Key, ulong Row)> rows) =>
        Build(rows, PerfectHashKind.OneLevel) ?? Build(rows, PerfectHashKind.TwoChoice);

    /// <summary>Builds a table of one kind (the tests build each kind at each size).</summary>
    /// <param name="rows">Each key (an encoding value, distinct, below 2^30) with its row.</param>
    /// <param name="kind">The kind of table.</param>
    /// <returns>The table; null when no table of that kind could be built.</returns>
    public static PerfectHashTable? Build(IReadOnlyList<(uint Key, ulong Row)> rows, PerfectHashKind kind)
    {
        if (rows.Count > 0x1_0000 || rows.Select(r => r.Key).Distinct().Count() != rows.Count)
        {
            return null;
        }

        // Placed in key order, so that the same set of encodings gives the same table whatever order the specs list them in.
        (uint Key, ulong Row)[] sorted = rows.OrderBy(r => r.Key).ToArray();
        if (kind == PerfectHashKind.OneLevel)
        {
            return OneLevelPlacement.TryPlace(sorted) is { } one ? new PerfectHashTable(kind, one.Slots, one.Multiplier, one.Bits) : null;
        }

        return CuckooPlacement.TryPlace(sorted) is { } two ? new PerfectHashTable(kind, two.Slots, two.Multiplier, two.Bits) : null;
    }

    /// <summary>The slot a key of this table is in.</summary>
    /// <param name="key">A key of the table.</param>
    /// <returns>The slot.</returns>
    public int SlotOf(uint key)
    {
        if (Kind == PerfectHashKind.OneLevel)
        {
            return OneLevelSlot(key, (uint)Multiplier, SlotShift);
        }

        int first = FirstChoice(key, Multiplier, SlotShift);
        return (Slots[first] & PresentAndEncoding) == (PresentBit | key) ? first : SecondChoice(key, Multiplier, SlotShift);
    }

    /// <summary>A key's slot in a one-level table (SysregGen.PerfectHash.Find).</summary>
    internal static int OneLevelSlot(uint key, uint multiplier, int shift) => (int)((key * multiplier) >> shift);

    /// <summary>A key's first slot in a two-choice table: the high half of the 64-bit product (SysregGen.PerfectHash.FindInEitherSlot).</summary>
    internal static int FirstChoice(uint key, ulong multiplier, int shift) => (int)((uint)((key * multiplier) >> 32) >> shift);

    /// <summary>A key's second slot in a two-choice table: the low half of the same product, that is the key times the multiplier's low 32 bits.</summary>
    internal static int SecondChoice(uint key, ulong multiplier, int shift) => (int)((uint)(key * multiplier) >> shift);

    /// <summary>The smallest number of bits that counts to <paramref name="n"/>.</summary>
    internal static int CeilLog2(int n)
    {
        int bits = 0;
        while ((1 << bits) < n)
        {
            bits++;
        }

        return bits;
    }
}
