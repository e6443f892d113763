using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>Emits <c>SysregEncodings</c>: the accessor of an encoding, or of a trapped access's syndrome, as one <c>switch</c>.</summary>
internal static class SysregEncodingsEmitter
{
    public const string HintName = "SysregGen.SysregEncodings.g.cs";

    public static string Emit(TableModel table)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);
        w.Summary("Finds the accessor of an encoding, or of a trapped access's syndrome.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public static class SysregEncodings");

        w.Summary("The accessor of an encoding.");
        w.Line("/// <param name=\"encoding\">The encoding.</param>");
        w.Line("/// <param name=\"accessor\">The accessor, when found.</param>");
        w.Line("/// <returns>Whether any spec defines the encoding.</returns>");
        w.Open("public static bool TryFind(global::SysregGen.SysregEncoding encoding, out SysregAccessor accessor)");
        w.Line("switch (encoding.Value)");
        w.Line("{");
        w.Indent();
        foreach (AccessorEntry a in table.Accessors.OrderBy(EncodingValue))
        {
            string hex = "0x" + EncodingValue(a).ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
            w.Line($"case {hex}: accessor = SysregAccessor.{a.MemberName}; return true; // {a.ArchName}");
        }

        w.Line("default: accessor = default; return false;");
        w.Outdent();
        w.Line("}");
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

    /// <summary>The packed <c>SysregEncoding.Value</c> of an accessor (see that type for the layout).</summary>
    private static uint EncodingValue(AccessorEntry a) => a.Kind switch
    {
        AccessorKind.AArch64 => (uint)a.Op0OrCoproc << 20 | (uint)a.Op2 << 17 | (uint)a.Op1 << 14 | (uint)a.CRn << 10 | (uint)a.CRm << 1,
        AccessorKind.AArch32 => 1u << 28 | (uint)a.Op0OrCoproc << 24 | (uint)a.Op2 << 17 | (uint)a.Op1 << 14 | (uint)a.CRn << 10 | (uint)a.CRm << 1,
        _ => 2u << 28 | (uint)a.Op0OrCoproc << 24 | (uint)a.Op1 << 16 | (uint)a.CRm << 1,
    };
}
