using System;

namespace SysregGen.Specs.Dispatch;

/// <summary>
/// Places keys in a two-choice table by cuckoo insertion: a key goes to whichever of its two slots is
/// free, or evicts the key in its first slot, which moves to its own other slot, and so on. The table
/// is at most half full (below that, two random choices place n keys with high probability); when a
/// chain of evictions runs too long, the next multiplier is tried, then a table twice as large.
/// </summary>
internal static class CuckooPlacement
{
    /// <summary>Multipliers tried per table size; at most half full, nearly every one succeeds, so these are a wide margin.</summary>
    private const int Attempts = 64;

    /// <summary>Evictions allowed while inserting one key before the multiplier is given up (a cycle never ends by itself).</summary>
    private const int MaxEvictions = 1024;

    /// <summary>Places the keys.</summary>
    /// <param name="rows">The keys and rows, in key order.</param>
    /// <returns>The slots, the 64-bit multiplier and log2 of the table's length; null when no multiplier tried places them all.</returns>
    public static (ulong[] Slots, ulong Multiplier, int Bits)? TryPlace((uint Key, ulong Row)[] rows)
    {
        int minBits = Math.Max(1, PerfectHashTable.CeilLog2(2 * rows.Length));
        for (int bits = minBits; bits <= minBits + 1; bits++)
        {
            var owner = new int[1 << bits];
            ulong state = 0x9E37_79B9_7F4A_7C15;
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                ulong multiplier = MultiplierCandidates.Next64(ref state);
                Array.Clear(owner, 0, owner.Length);
                if (InsertAll(rows, owner, multiplier, 32 - bits))
                {
                    var slots = new ulong[owner.Length];
                    for (int slot = 0; slot < owner.Length; slot++)
                    {
                        slots[slot] = owner[slot] == 0 ? 0 : rows[owner[slot] - 1].Row;
                    }

                    return (slots, multiplier, bits);
                }
            }
        }

        return null;
    }

    /// <summary>Inserts every key; <paramref name="owner"/> holds 1 + the index of the key in each slot, 0 when empty.</summary>
    private static bool InsertAll((uint Key, ulong Row)[] rows, int[] owner, ulong multiplier, int shift)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            int item = i;
            int slot = PerfectHashTable.FirstChoice(rows[item].Key, multiplier, shift);
            if (owner[slot] != 0)
            {
                int second = PerfectHashTable.SecondChoice(rows[item].Key, multiplier, shift);
                slot = owner[second] == 0 ? second : slot;
            }

            int evictions = 0;
            while (owner[slot] != 0)
            {
                if (++evictions > MaxEvictions)
                {
                    return false;
                }

                // Take the slot and carry its key to that key's other choice.
                int evicted = owner[slot] - 1;
                owner[slot] = item + 1;
                item = evicted;
                int first = PerfectHashTable.FirstChoice(rows[item].Key, multiplier, shift);
                slot = slot == first ? PerfectHashTable.SecondChoice(rows[item].Key, multiplier, shift) : first;
            }

            owner[slot] = item + 1;
        }

        return true;
    }
}
