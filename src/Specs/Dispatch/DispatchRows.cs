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

    // SysregGen.SysregRow's layout (that type lives in SysregGen.Abstractions, which the generator
    // does not load); DispatchTableTests checks that every generated row reads back as written.
    private const int ReadableBit = 30;
    private const int WritableBit = 31;
    private const int AccessorShift = 32;
    private const int MeaningShift = 48;
    private const int TimerBit = 60;
    private const int NarrowBit = 61;
    private const int AliasBit = 62;
    private const int PresentBit = 63;

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
            rows[i] = 1UL << PresentBit | key | (ulong)i << AccessorShift | (ulong)meaning << MeaningShift
                | Bit(a.ReadMinEl <= 3, ReadableBit) | Bit(a.WriteMinEl <= 3, WritableBit)
                | Bit(isTimer, TimerBit) | Bit(a.Kind == AccessorKind.AArch32, NarrowBit) | Bit(a.IsAlias, AliasBit);
            keyed[i] = (key, rows[i]);
        }

        hash = PerfectHashTable.Build(keyed);
        return hash is null ? $"no collision-free hash separates the {rows.Length} encodings" : null;
    }

    /// <summary>The accessor a row names.</summary>
    /// <param name="row">A row.</param>
    /// <returns>The accessor's index in the table.</returns>
    public static int AccessorOf(ulong row) => (int)(row >> AccessorShift) & 0xFFFF;

    private static ulong Bit(bool set, int bit) => set ? 1UL << bit : 0;

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
