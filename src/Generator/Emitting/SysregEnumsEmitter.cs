using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>Emits the <c>Sysreg</c>, <c>SysregAccessor</c> and <c>SysregFeatures</c> enums.</summary>
internal static class SysregEnumsEmitter
{
    public const string HintName = "SysregGen.Enums.g.cs";

    public static string Emit(TableModel table)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);

        Enum(w, "Every register the specs describe, in order of AArch64 encoding.", "public enum Sysreg : ushort",
            table.Registers.Select((r, i) => ($"{r.Name} (the {r.TypeName} struct).", $"{r.TypeName} = {i},")));
        w.Line();

        Enum(w, "Every encoding that reaches a register: AArch64 encodings and aliases, then AArch32 MRC/MCR and MRRC/MCRR views.", "public enum SysregAccessor : ushort",
            table.Accessors.Select((a, i) => ($"{a.ArchName} ({a.Instruction}{(a.IsAlias ? ", alias" : "")} of {a.RegisterName}).", $"{a.MemberName} = {i},")));
        w.Line();

        w.Summary("Architecture features the specs depend on.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Line("[global::System.Flags]");
        Enum(w, null, "public enum SysregFeatures : ulong",
            new[] { ("No optional feature.", "None = 0,") }
                .Concat(table.Features.Select((f, i) => ($"{f}.", $"{Names.FeatureMemberName(f)} = 1UL << {i},"))));
        w.Close();
        return w.ToString();
    }

    /// <summary>An enum with a doc comment per member; <paramref name="summary"/> null when the caller wrote the type's doc and attributes.</summary>
    private static void Enum(IndentedWriter w, string? summary, string declaration, IEnumerable<(string Summary, string Member)> members)
    {
        if (summary is not null)
        {
            w.Summary(summary);
            w.Line(Format.GeneratedCodeAttribute);
        }

        w.Open(declaration);
        foreach ((string doc, string member) in members)
        {
            w.Summary(doc);
            w.Line(member);
        }

        w.Close();
    }
}
