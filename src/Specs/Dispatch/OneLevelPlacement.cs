using System;

namespace SysregGen.Specs.Dispatch;

/// <summary>
/// Finds one 32-bit multiplier that sends every key to a slot of its own in a table of two to four
/// times their number: the cheapest lookup there is (one load), but only small models have one.
/// </summary>
internal static class OneLevelPlacement
{
    /// <summary>Beyond this many keys the chance that one multiplier separates them all (about e^(-n^2/2m)) is nil.</summary>
    private const int MaxKeys = 256;

    /// <summary>Multipliers tried per table size: enough for the timer model's ~70 keys in 4x their count.</summary>
    private const int Attempts = 4096;

    /// <summary>Places the keys.</summary>
    /// <param name="rows">The keys and rows, in key order.</param>
    /// <returns>The slots, the multiplier and log2 of the table's length; null when no multiplier tried separates them.</returns>
    public static (ulong[] Slots, uint Multiplier, int Bits)? TryPlace((uint Key, ulong Row)[] rows)
    {
        if (rows.Length > MaxKeys)
        {
            return null;
        }

        int minBits = Math.Max(1, PerfectHashTable.CeilLog2(rows.Length));
        for (int bits = minBits + 1; bits <= minBits + 2; bits++)
        {
            var used = new bool[1 << bits];
            uint state = 0x2545_F491;
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                uint multiplier = MultiplierCandidates.Next32(ref state);
                Array.Clear(used, 0, used.Length);
                if (Separates(rows, used, multiplier, 32 - bits))
                {
                    var slots = new ulong[1 << bits];
                    foreach ((uint key, ulong row) in rows)
                    {
                        slots[PerfectHashTable.OneLevelSlot(key, multiplier, 32 - bits)] = row;
                    }

                    return (slots, multiplier, bits);
                }
            }
        }

        return null;
    }

    private static bool Separates((uint Key, ulong Row)[] rows, bool[] used, uint multiplier, int shift)
    {
        foreach ((uint key, _) in rows)
        {
            int slot = PerfectHashTable.OneLevelSlot(key, multiplier, shift);
            if (used[slot])
            {
                return false;
            }

            used[slot] = true;
        }

        return true;
    }
}
