using System.Runtime.CompilerServices;

namespace SysregGen.Benchmarks.Dispatch;

/// <summary>A way to find a table row by encoding key. Implemented by structs, so each alternative's loop is specialised and the lookup inlined.</summary>
internal interface IEntryLookup
{
    bool TryFind(uint key, out DispatchEntry entry);
}

/// <summary>QEMU's approach: a hash table keyed by the encoding (its <c>cp_regs</c> GHashTable).</summary>
internal readonly struct DictionaryLookup(Dictionary<uint, DispatchEntry> table) : IEntryLookup
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(uint key, out DispatchEntry entry) => table.TryGetValue(key, out entry);
}

/// <summary>
/// KVM's approach: the <c>sys_reg_desc</c> array sorted by encoding and searched with <c>bsearch</c>
/// (<c>find_reg</c>). Here the search is written out and inlined, which is kinder to it than a
/// comparison callback.
/// </summary>
internal readonly struct BinarySearchLookup(DispatchEntry[] sorted) : IEntryLookup
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(uint key, out DispatchEntry entry)
    {
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
    public bool TryFind(uint key, out DispatchEntry entry)
    {
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
