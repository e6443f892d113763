using System.Globalization;
using System.Linq;
using SysregGen.Specs.Dispatch;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// Emits <c>SysregEncodings</c>: the row of an encoding (or of a trapped access's syndrome) through a
/// collision-free hash built here, at generation time, so that finding it is a few loads and no branch
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
        if (hash.Seeds is null)
        {
            w.Line($"// One level: each of the {table.Accessors.Count} encodings has its own slot of {hash.Slots.Count}, (encoding * Multiplier) >> SlotShift.");
            w.Line($"private const uint Multiplier = 0x{hash.Multiplier.ToString("X8", CultureInfo.InvariantCulture)};");
        }
        else
        {
            w.Line($"// Two levels: the {table.Accessors.Count} encodings fall into {hash.Seeds.Count} buckets by (encoding * PerfectHash.BucketMultiplier) >> BucketShift;");
            w.Line($"// each bucket's seed sends its encodings to slots of their own among {hash.Slots.Count}, ((encoding ^ seed) * PerfectHash.SlotMultiplier) >> SlotShift.");
            w.Line($"private const int BucketShift = {hash.BucketShift};");
        }

        w.Line($"private const int SlotShift = {hash.SlotShift};");
        w.Line();
        WriteSlots(w, table, hash);
        if (hash.Seeds is { } seeds)
        {
            w.Line();
            w.Summary("The bucket seeds.");
            w.Line("private static global::System.ReadOnlySpan<ushort> Seeds => new ushort[]");
            w.Line("{");
            w.Indent();
            for (int i = 0; i < seeds.Count; i += 16)
            {
                w.Line(string.Join(", ", seeds.Skip(i).Take(16).Select(s => s.ToString(CultureInfo.InvariantCulture))) + ",");
            }

            w.Outdent();
            w.Line("};");
        }

        w.Line();
        w.Summary("The dispatch row of an encoding: a multiply, a shift, a load and a compare" + (hash.Seeds is null ? "." : ", after loading the bucket's seed."));
        w.Line("/// <param name=\"encoding\">The encoding.</param>");
        w.Line("/// <returns>The row; <see cref=\"global::SysregGen.SysregRow.IsPresent\"/> is false for an encoding no spec defines.</returns>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        w.Line("public static global::SysregGen.SysregRow FindRow(global::SysregGen.SysregEncoding encoding) =>");
        w.Line(hash.Seeds is null
            ? "    global::SysregGen.PerfectHash.Find(Slots, Multiplier, SlotShift, encoding.Value);"
            : "    global::SysregGen.PerfectHash.Find(Slots, Seeds, BucketShift, SlotShift, encoding.Value);");
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
