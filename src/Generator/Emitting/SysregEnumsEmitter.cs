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

        w.Summary("Every register the specs describe, in order of AArch64 encoding.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public enum Sysreg : ushort");
        for (int i = 0; i < table.Registers.Count; i++)
        {
            RegisterEntry r = table.Registers[i];
            w.Summary($"{r.Name}: {r.Description}");
            w.Line($"{r.TypeName} = {i},");
        }

        w.Close();
        w.Line();

        w.Summary("Every encoding that reaches a register: AArch64 encodings and aliases, then AArch32 MRC/MCR and MRRC/MCRR views.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public enum SysregAccessor : ushort");
        for (int i = 0; i < table.Accessors.Count; i++)
        {
            AccessorEntry a = table.Accessors[i];
            w.Summary($"{a.ArchName} ({KindText(a)}{(a.IsAlias ? ", alias" : "")} of {a.RegisterName}).");
            w.Line($"{a.MemberName} = {i},");
        }

        w.Close();
        w.Line();

        w.Summary("Architecture features the specs depend on.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Line("[global::System.Flags]");
        w.Open("public enum SysregFeatures : ulong");
        w.Summary("No optional feature.");
        w.Line("None = 0,");
        for (int i = 0; i < table.Features.Count; i++)
        {
            w.Summary($"{table.Features[i]}.");
            w.Line($"{Names.FeatureMemberName(table.Features[i])} = 1UL << {i},");
        }

        w.Close();
        w.Close();
        return w.ToString();
    }

    private static string KindText(AccessorEntry a) => a.Kind switch
    {
        AccessorKind.AArch64 => $"MRS/MSR {a.Op0OrCoproc}, {a.Op1}, c{a.CRn}, c{a.CRm}, {a.Op2}",
        AccessorKind.AArch32 => $"MRC/MCR p{a.Op0OrCoproc}, {a.Op1}, c{a.CRn}, c{a.CRm}, {a.Op2}",
        _ => $"MRRC/MCRR p{a.Op0OrCoproc}, {a.Op1}, c{a.CRm}",
    };
}
