using System.Globalization;
using System.Linq;
using SysregGen.Specs.Dispatch;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// Emits <c>SysregEncodings</c>: the row of an encoding (or of a trapped access's syndrome) through a
/// collision-free hash built here, at generation time, so that finding it is one or two independent loads and no branch
/// on which register was accessed, at any number of registers.
/// </summary>
internal static class SysregEncodingsEmitter
{
    public const string HintName = "SysregGen.SysregEncodings.g.cs";

    public static string Emit(TableModel table, PerfectHashTable hash)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);
        w.Summary("Finds the row (and accessor) of an encoding, or of a trapped access's syndrome, with a collision-free hash built from the specs.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public static class SysregEncodings");
        bool oneLevel = hash.Kind == PerfectHashKind.OneLevel;
        if (oneLevel)
        {
            w.Line($"// One level: each of the {table.Accessors.Count} encodings has its own slot of {hash.Slots.Count}, (encoding * Multiplier) >> SlotShift.");
            w.Line($"private const uint Multiplier = 0x{((uint)hash.Multiplier).ToString("X8", CultureInfo.InvariantCulture)};");
        }
        else
        {
            w.Line($"// Two choices: each of the {table.Accessors.Count} encodings is in one of its two slots of {hash.Slots.Count}, the high and the low");
            w.Line("// half of encoding * Multiplier (64 bits), each >> SlotShift; both are loaded, the one holding the encoding is its row.");
            w.Line($"private const ulong Multiplier = {Format.U64(hash.Multiplier)};");
        }

        w.Line($"private const int SlotShift = {hash.SlotShift};");
        w.Line();
        WriteSlots(w, table, hash);
        w.Line();
        w.Summary(oneLevel
            ? "The dispatch row of an encoding: a multiply, a shift, a load and a compare."
            : "The dispatch row of an encoding: a multiply, two shifts, two loads side by side and one compare of both.");
        w.Line("/// <param name=\"encoding\">The encoding.</param>");
        w.Line("/// <returns>The row; <see cref=\"global::SysregGen.SysregRow.IsPresent\"/> is false for an encoding no spec defines.</returns>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        w.Line("public static global::SysregGen.SysregRow FindRow(global::SysregGen.SysregEncoding encoding) =>");
        w.Line(oneLevel
            ? "    global::SysregGen.PerfectHash.Find(Slots, Multiplier, SlotShift, encoding.Value);"
            : "    global::SysregGen.PerfectHash.FindInEitherSlot(Slots, Multiplier, SlotShift, encoding.Value);");
        w.Line();

        w.Summary("The accessor of an encoding.");
        w.Line("/// <param name=\"encoding\">The encoding.</param>");
        w.Line("/// <param name=\"accessor\">The accessor, when found.</param>");
        w.Line("/// <returns>Whether any spec defines the encoding.</returns>");
        w.Open("public static bool TryFind(global::SysregGen.SysregEncoding encoding, out SysregAccessor accessor)");
        w.Line("global::SysregGen.SysregRow row = FindRow(encoding);");
        w.Line("accessor = (SysregAccessor)row.Accessor;");
        w.Line("return row.IsPresent;");
        w.Close();
        w.Line();

        w.Summary("The accessor of a trapped access's syndrome, for EC 0x18, 0x03, 0x04, 0x05 and 0x0C.");
        w.Line("/// <param name=\"esr\">The ESR_ELx value.</param>");
        w.Line("/// <param name=\"accessor\">The accessor, when found.</param>");
        w.Line("/// <returns>Whether the syndrome is a system-register trap of an encoding a spec defines.</returns>");
        w.Line("public static bool TryFromEsr(ulong esr, out SysregAccessor accessor)");
        w.Line("{");
        w.Line("    accessor = default;");
        w.Line("    return global::SysregGen.SysregEncoding.TryFromSyndrome(esr, out global::SysregGen.SysregEncoding encoding) && TryFind(encoding, out accessor);");
        w.Line("}");

        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>The slots: each row on its own line, named; runs of empty slots sixteen to a line.</summary>
    private static void WriteSlots(IndentedWriter w, TableModel table, PerfectHashTable hash)
    {
        w.Doc("The slots: each encoding's row (see <see cref=\"global::SysregGen.SysregRow\"/>) in its slot, 0 in the empty ones.");
        w.Line("private static global::System.ReadOnlySpan<ulong> Slots => new ulong[]");
        w.Line("{");
        w.Indent();
        int slot = 0;
        while (slot < hash.Slots.Count)
        {
            ulong row = hash.Slots[slot];
            if (row != 0)
            {
                AccessorEntry a = table.Accessors[DispatchRows.AccessorOf(row)];
                w.Line($"{Format.U64(row)}, // [{slot}] {a.ArchName} ({a.Instruction})");
                slot++;
                continue;
            }

            int first = slot;
            while (slot < hash.Slots.Count && hash.Slots[slot] == 0 && slot - first < 16)
            {
                slot++;
            }

            w.Line(string.Join(", ", Enumerable.Repeat("0", slot - first)) + "," + (slot - first > 1 ? $" // [{first}..{slot - 1}]" : $" // [{first}]"));
        }

        w.Outdent();
        w.Line("};");
    }
}
