using System;
using System.Collections.Generic;
using System.Linq;

namespace SysregGen.Specs.Dispatch;

/// <summary>
/// A collision-free hash table over a model's encodings, built at generation time: every key gets a
/// slot of its own, so a lookup is a multiply, a shift, one load and one compare (a one-level table)
/// or the same after loading its bucket's seed (a two-level table, "hash and displace", for models
/// too large for one multiplier). The generated code looks slots up with SysregGen.PerfectHash,
/// whose arithmetic this type mirrors; a test checks both agree for every encoding.
/// </summary>
public sealed class PerfectHashTable
{
    /// <summary>The multiplier that picks a key's bucket (SysregGen.PerfectHash.BucketMultiplier).</summary>
    public const uint BucketMultiplier = 0x9E37_79B1;

    /// <summary>The multiplier that picks a key's slot in a two-level table (SysregGen.PerfectHash.SlotMultiplier).</summary>
    public const uint SlotMultiplier = 0x85EB_CA77;

    /// <summary>A one-level table is tried up to this many keys; beyond, the chance that one multiplier separates them all is nil.</summary>
    private const int OneLevelMaxKeys = 256;

    /// <summary>Multipliers tried per one-level table size: enough for the timer model's ~70 keys in 4x their count.</summary>
    private const int OneLevelAttempts = 4096;

    private PerfectHashTable(ulong[] slots, uint multiplier, ushort[]? seeds, int slotBits, int bucketBits)
    {
        Slots = slots;
        Multiplier = multiplier;
        Seeds = seeds;
        SlotBits = slotBits;
        BucketBits = bucketBits;
    }

    /// <summary>The table: each key's row in its slot, 0 in the empty ones. Its length is 2^<see cref="SlotBits"/>.</summary>
    public IReadOnlyList<ulong> Slots { get; }

    /// <summary>The one-level multiplier (0 for a two-level table).</summary>
    public uint Multiplier { get; }

    /// <summary>The bucket seeds of a two-level table; null for a one-level table.</summary>
    public IReadOnlyList<ushort>? Seeds { get; }

    /// <summary>log2 of the table's length.</summary>
    public int SlotBits { get; }

    /// <summary>log2 of the number of buckets (0 for a one-level table).</summary>
    public int BucketBits { get; }

    /// <summary>32 minus <see cref="SlotBits"/>: the shift the lookup applies.</summary>
    public int SlotShift => 32 - SlotBits;

    /// <summary>32 minus <see cref="BucketBits"/>.</summary>
    public int BucketShift => 32 - BucketBits;

    /// <summary>Builds a table, one-level when a multiplier separates every key in at most four times their number of slots, otherwise two-level.</summary>
    /// <param name="rows">Each key (an encoding value, distinct, below 2^30) with its row.</param>
    /// <returns>The table; null when none could be built (more than 65,536 keys, or no seed separates some bucket).</returns>
    public static PerfectHashTable? Build(IReadOnlyList<(uint Key, ulong Row)> rows)
    {
        if (rows.Count > 0x1_0000 || rows.Select(r => r.Key).Distinct().Count() != rows.Count)
        {
            return null;
        }

        int minBits = Math.Max(1, CeilLog2(rows.Count));
        return OneLevel(rows, minBits) ?? TwoLevel(rows, minBits);
    }

    /// <summary>The slot of a key in this table.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The slot.</returns>
    public int SlotOf(uint key) => Seeds is null
        ? (int)((key * Multiplier) >> SlotShift)
        : TwoLevelSlot(key, Seeds[(int)((key * BucketMultiplier) >> BucketShift)], SlotShift);

    private static PerfectHashTable? OneLevel(IReadOnlyList<(uint Key, ulong Row)> rows, int minBits)
    {
        if (rows.Count > OneLevelMaxKeys)
        {
            return null;
        }

        // A fixed sequence of candidates (xorshift32 from a fixed seed): the same specs always give the same table.
        for (int bits = minBits + 1; bits <= minBits + 2; bits++)
        {
            var used = new bool[1 << bits];
            uint state = 0x2545_F491;
            for (int attempt = 0; attempt < OneLevelAttempts; attempt++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                uint multiplier = state | 1;
                Array.Clear(used, 0, used.Length);
                if (Separates(rows, used, key => (int)((key * multiplier) >> (32 - bits))))
                {
                    var slots = new ulong[1 << bits];
                    foreach ((uint key, ulong row) in rows)
                    {
                        slots[(int)((key * multiplier) >> (32 - bits))] = row;
                    }

                    return new PerfectHashTable(slots, multiplier, null, bits, 0);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Hash and displace: keys are grouped into buckets; the largest buckets are placed first, each
    /// with the first seed that sends all its keys to free slots. The table is kept at most 85% full.
    /// </summary>
    private static PerfectHashTable? TwoLevel(IReadOnlyList<(uint Key, ulong Row)> rows, int minBits)
    {
        int firstBits = rows.Count > (1 << minBits) * 85 / 100 ? minBits + 1 : minBits;
        for (int slotBits = firstBits; slotBits <= firstBits + 1; slotBits++)
        {
            int bucketBits = Math.Max(1, slotBits - 2);
            int bucketShift = 32 - bucketBits;
            List<(uint Key, ulong Row)>[] buckets = Enumerable.Range(0, 1 << bucketBits).Select(_ => new List<(uint, ulong)>()).ToArray();
            foreach ((uint Key, ulong Row) row in rows)
            {
                buckets[(int)((row.Key * BucketMultiplier) >> bucketShift)].Add(row);
            }

            var seeds = new ushort[buckets.Length];
            var slots = new ulong[1 << slotBits];
            var used = new bool[slots.Length];
            bool placedAll = true;
            foreach (int b in Enumerable.Range(0, buckets.Length).OrderByDescending(b => buckets[b].Count).ThenBy(b => b))
            {
                if (buckets[b].Count > 0 && !Place(buckets[b], used, slots, 32 - slotBits, out seeds[b]))
                {
                    placedAll = false;
                    break;
                }
            }

            if (placedAll)
            {
                return new PerfectHashTable(slots, 0, seeds, slotBits, bucketBits);
            }
        }

        return null;
    }

    private static bool Place(List<(uint Key, ulong Row)> bucket, bool[] used, ulong[] slots, int slotShift, out ushort seed)
    {
        var taken = new List<int>(bucket.Count);
        for (int candidate = 0; candidate <= ushort.MaxValue; candidate++)
        {
            taken.Clear();
            bool fits = true;
            foreach ((uint key, _) in bucket)
            {
                int slot = TwoLevelSlot(key, (uint)candidate, slotShift);
                if (used[slot] || taken.Contains(slot))
                {
                    fits = false;
                    break;
                }

                taken.Add(slot);
            }

            if (fits)
            {
                for (int i = 0; i < bucket.Count; i++)
                {
                    used[taken[i]] = true;
                    slots[taken[i]] = bucket[i].Row;
                }

                seed = (ushort)candidate;
                return true;
            }
        }

        seed = 0;
        return false;
    }

    private static bool Separates(IReadOnlyList<(uint Key, ulong Row)> rows, bool[] used, Func<uint, int> slotOf)
    {
        foreach ((uint key, _) in rows)
        {
            int slot = slotOf(key);
            if (used[slot])
            {
                return false;
            }

            used[slot] = true;
        }

        return true;
    }

    private static int TwoLevelSlot(uint key, uint seed, int slotShift) => (int)(((key ^ seed) * SlotMultiplier) >> slotShift);

    private static int CeilLog2(int n)
    {
        int bits = 0;
        while ((1 << bits) < n)
        {
            bits++;
        }

        return bits;
    }
}
