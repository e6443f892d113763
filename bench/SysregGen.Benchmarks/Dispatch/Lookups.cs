using System.Runtime.CompilerServices;
using SysregGen.Registers;

namespace SysregGen.Benchmarks.Dispatch;

/// <summary>A way to find the table row a trap's syndrome names. Implemented by structs, so each alternative's loop is specialised and the lookup inlined.</summary>
internal interface IEntryLookup
{
    bool TryFind(ulong esr, out DispatchEntry entry);
}

/// <summary>QEMU's approach: a hash table keyed by the encoding (its <c>cp_regs</c> GHashTable).</summary>
internal readonly struct DictionaryLookup(Dictionary<uint, DispatchEntry> table) : IEntryLookup
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(ulong esr, out DispatchEntry entry) => table.TryGetValue(EncodingKey.FromEsr(esr), out entry);
}

/// <summary>
/// KVM's approach: the <c>sys_reg_desc</c> array sorted by encoding and searched with <c>bsearch</c>
/// (<c>find_reg</c>). Here the search is written out and inlined, which is kinder to it than a
/// comparison callback.
/// </summary>
internal readonly struct BinarySearchLookup(DispatchEntry[] sorted) : IEntryLookup
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(ulong esr, out DispatchEntry entry)
    {
        uint key = EncodingKey.FromEsr(esr);
        DispatchEntry[] rows = sorted;
        int lo = 0;
        int hi = rows.Length - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            uint k = rows[mid].Key;
            if (k == key)
            {
                entry = rows[mid];
                return true;
            }

            if (k < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        entry = default;
        return false;
    }
}

/// <summary>The simplest table: walk the rows until one matches.</summary>
internal readonly struct LinearLookup(DispatchEntry[] rows) : IEntryLookup
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(ulong esr, out DispatchEntry entry)
    {
        uint key = EncodingKey.FromEsr(esr);
        foreach (ref readonly DispatchEntry row in rows.AsSpan())
        {
            if (row.Key == key)
            {
                entry = row;
                return true;
            }
        }

        entry = default;
        return false;
    }
}

/// <summary>
/// A prototype of what the generator could emit instead of its switch statements: the syndrome's
/// encoding bits are selected with a per-EC mask (no branch on the instruction form), then a
/// multiplicative perfect hash, found at build time, sends them to a small table of rows. Finding a
/// row is a table load for the mask, a multiply, a shift, one load and one compare: no branch that
/// depends on which register was accessed.
/// </summary>
internal readonly struct PerfectHashLookup : IEntryLookup
{
    private readonly uint[] _keys;
    private readonly DispatchEntry[] _rows;
    private readonly uint[] _issMask;
    private readonly uint _multiplier;
    private readonly int _shift;

    private PerfectHashLookup(uint[] keys, DispatchEntry[] rows, uint[] issMask, uint multiplier, int shift)
    {
        _keys = keys;
        _rows = rows;
        _issMask = issMask;
        _multiplier = multiplier;
        _shift = shift;
    }

    public int Slots => _keys.Length;

    /// <summary>The ISS bits that name the register, per EC: everything but Rt, Rt2, the direction and the condition.</summary>
    private static uint[] IssMasks()
    {
        var masks = new uint[64];
        masks[Esr.EcSysreg] = 0x003F_FC1E;          // Op0 Op2 Op1 CRn CRm
        masks[Esr.EcMcrMrcCp15] = 0x000F_FC1E;      // Opc2 Opc1 CRn CRm
        masks[Esr.EcMcrMrcCp14] = 0x000F_FC1E;
        masks[Esr.EcMcrrMrrcCp15] = 0x000F_001E;    // Opc1 CRm
        masks[Esr.EcMrrcCp14] = 0x000F_001E;
        return masks;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Key(ulong esr, uint[] masks)
    {
        uint ec = (uint)(esr >> 26) & 0x3F;
        return (ec << 25) | ((uint)esr & masks[ec]);
    }

    /// <summary>Finds a multiplier that sends every row's key to its own slot of the smallest power-of-two table it can.</summary>
    public static PerfectHashLookup Build(DispatchEntry[] rows)
    {
        uint[] masks = IssMasks();
        uint[] keys = rows.Select(r => Key(Esr.ForAccess(r.Accessor.Encoding(), isRead: true, rt: 0, rt2: 0), masks)).ToArray();
        var random = new Random(5);
        for (int bits = 6; bits <= 12; bits++)
        {
            if ((1 << bits) < rows.Length)
            {
                continue;
            }

            var used = new bool[1 << bits];
            for (int attempt = 0; attempt < 200_000; attempt++)
            {
                uint multiplier = (uint)random.NextInt64() | 1u;
                Array.Clear(used);
                bool ok = true;
                foreach (uint key in keys)
                {
                    uint slot = (key * multiplier) >> (32 - bits);
                    if (used[slot])
                    {
                        ok = false;
                        break;
                    }

                    used[slot] = true;
                }

                if (ok)
                {
                    var slotKeys = new uint[1 << bits];
                    Array.Fill(slotKeys, uint.MaxValue);    // no key has bit 31 set, so no syndrome matches an empty slot
                    var slotRows = new DispatchEntry[1 << bits];
                    for (int i = 0; i < rows.Length; i++)
                    {
                        uint slot = (keys[i] * multiplier) >> (32 - bits);
                        slotKeys[slot] = keys[i];
                        slotRows[slot] = rows[i];
                    }

                    return new PerfectHashLookup(slotKeys, slotRows, masks, multiplier, 32 - bits);
                }
            }
        }

        throw new InvalidOperationException("No perfect hash found.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(ulong esr, out DispatchEntry entry)
    {
        uint key = Key(esr, _issMask);
        int slot = (int)((key * _multiplier) >> _shift);
        entry = _rows[slot];
        return _keys[slot] == key;
    }
}
