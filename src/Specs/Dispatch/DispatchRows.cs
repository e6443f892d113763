using System;
using System.Collections.Generic;
using SysregGen.Specs.Model;
using SysregGen.Specs.Parsing;

namespace SysregGen.Specs.Dispatch;

/// <summary>
/// The dispatch table's rows: one 64-bit constant per accessor, in the layout SysregGen.SysregRow
/// reads (encoding, accessor, meaning, rights, width, alias), and the perfect hash that finds an
/// encoding's row.
/// </summary>
public static class DispatchRows
{
    /// <summary>The largest number of registers a row can name (12 bits).</summary>
    public const int MaxRegisters = 0x1000;

    /// <summary>The largest number of accessors a row can name (16 bits).</summary>
    public const int MaxAccessors = 0x1_0000;

    private const ulong Present = 1UL << 63;

    /// <summary>Builds the rows and their hash table.</summary>
    /// <param name="table">The table model.</param>
    /// <param name="rows">One row per accessor, in <c>SysregAccessor</c> order.</param>
    /// <param name="hash">The hash table over the rows' encodings.</param>
    /// <returns>Null, or why the table cannot be built.</returns>
    public static string? TryBuild(TableModel table, out ulong[] rows, out PerfectHashTable? hash)
    {
        hash = null;
        rows = Array.Empty<ulong>();
        if (table.Registers.Count > MaxRegisters || table.Accessors.Count > MaxAccessors)
        {
            return $"the dispatch table holds at most {MaxRegisters} registers and {MaxAccessors} encodings; the specs have {table.Registers.Count} and {table.Accessors.Count}";
        }

        var registerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var registerMeaning = new Dictionary<string, (int Meaning, bool IsTimer)>(StringComparer.Ordinal);
        for (int i = 0; i < table.Registers.Count; i++)
        {
            RegisterEntry r = table.Registers[i];
            registerIndex[r.Name] = i;
            registerMeaning[r.Name] = r.Timer is { } timer && r.TimerRegister is { } timerRegister
                ? (Array.IndexOf(EncodingReader.s_timers, timer) << 2 | Array.IndexOf(EncodingReader.s_timerRegisters, timerRegister), true)
                : (i, false);
        }

        rows = new ulong[table.Accessors.Count];
        var keyed = new (uint Key, ulong Row)[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            AccessorEntry a = table.Accessors[i];
            (int meaning, bool isTimer) = registerMeaning[a.RegisterName];
            uint key = EncodingValue(a);
            rows[i] = Present | key | (ulong)i << 32 | (ulong)meaning << 48
                | (a.ReadMinEl <= 3 ? 1UL << 30 : 0) | (a.WriteMinEl <= 3 ? 1UL << 31 : 0)
                | (isTimer ? 1UL << 60 : 0) | (a.Kind == AccessorKind.AArch32 ? 1UL << 61 : 0) | (a.IsAlias ? 1UL << 62 : 0);
            keyed[i] = (key, rows[i]);
        }

        hash = PerfectHashTable.Build(keyed);
        return hash is null ? $"no collision-free hash separates the {rows.Length} encodings" : null;
    }

    /// <summary>The packed <c>SysregEncoding.Value</c> of an accessor: where the syndrome's ISS carries each field, the form in [29:28] and the coprocessor in [27:24].</summary>
    /// <param name="a">The accessor.</param>
    /// <returns>The value.</returns>
    public static uint EncodingValue(AccessorEntry a) => a.Kind switch
    {
        AccessorKind.AArch64 => (uint)a.Op0OrCoproc << 20 | (uint)a.Op2 << 17 | (uint)a.Op1 << 14 | (uint)a.CRn << 10 | (uint)a.CRm << 1,
        AccessorKind.AArch32 => 1u << 28 | (uint)a.Op0OrCoproc << 24 | (uint)a.Op2 << 17 | (uint)a.Op1 << 14 | (uint)a.CRn << 10 | (uint)a.CRm << 1,
        _ => 2u << 28 | (uint)a.Op0OrCoproc << 24 | (uint)a.Op1 << 16 | (uint)a.CRm << 1,
    };
}
