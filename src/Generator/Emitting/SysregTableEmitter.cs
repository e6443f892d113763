using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>Emits the dispatch table: <c>SysregAccessorInfo</c>, <c>SysregTable</c> (one row per accessor) and the accessors' encodings.</summary>
internal static class SysregTableEmitter
{
    public const string HintName = "SysregGen.SysregTable.g.cs";

    public static string Emit(TableModel table, ulong[] rows)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);

        Templates.Write(w, "SysregAccessorInfo");
        w.Line();

        var registerFeatures = table.Registers.ToDictionary(r => r.Name, r => r.Feature);
        w.Doc("The dispatch table: one row per accessor, indexed by <see cref=\"SysregAccessor\"/>, sorted by form and encoding.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public static class SysregTable");
        w.Open("private static readonly SysregAccessorInfo[] s_accessors =");
        foreach (AccessorEntry a in table.Accessors)
        {
            string features = registerFeatures[a.RegisterName] is { } f
                ? "SysregFeatures." + Names.FeatureMemberName(f)
                : "SysregFeatures.None";
            w.Line($"new(SysregAccessor.{a.MemberName}, {Format.Str(a.ArchName)}, Sysreg.{a.RegisterTypeName}, {EncodingExpression(a)}, {Format.Bool(a.IsAlias)}, " +
                   $"minEl: {a.MinEl}, requiresE2H: {a.Requires.E2h ?? -1}, requiresTge: {a.Requires.Tge ?? -1}, " +
                   $"readMinEl: {a.ReadMinEl}, writeMinEl: {a.WriteMinEl}, {features}),");
        }

        w.Close(";");
        w.Line();
        w.Doc("Every accessor, in <see cref=\"SysregAccessor\"/> order.");
        w.Line("public static global::System.ReadOnlySpan<SysregAccessorInfo> Accessors => s_accessors;");
        w.Line();
        w.Summary("The row of an accessor.");
        w.Line("/// <param name=\"accessor\">A defined accessor.</param>");
        w.Line("/// <returns>The row.</returns>");
        Format.CheckedLookup(w, "public static ref readonly SysregAccessorInfo Get(SysregAccessor accessor)", "SysregAccessor", "accessor", "s_accessors", byRef: true);
        w.Line();
        w.Doc("The dispatch row of an accessor: what the dispatcher needs of it, in one 64-bit load (see <see cref=\"global::SysregGen.SysregRow\"/>).");
        w.Line("/// <param name=\"accessor\">A defined accessor.</param>");
        w.Line("/// <returns>The row.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"accessor\"/> is not a SysregAccessor value the specs define.</exception>");
        w.Open("public static global::SysregGen.SysregRow Row(SysregAccessor accessor)");
        w.Open("if ((uint)accessor >= (uint)Rows.Length)");
        w.Line("ThrowUndefined(accessor);");
        w.Close();
        w.Line();
        w.Line("return new global::SysregGen.SysregRow(Rows[(int)accessor]);");
        w.Close();
        w.Line();
        w.Doc("The rows, in <see cref=\"SysregAccessor\"/> order.");
        w.Line("private static global::System.ReadOnlySpan<ulong> Rows => new ulong[]");
        w.Line("{");
        w.Indent();
        for (int i = 0; i < rows.Length; i++)
        {
            w.Line($"{Format.U64(rows[i])}, // {table.Accessors[i].MemberName}");
        }

        w.Outdent();
        w.Line("};");
        w.Close();
        w.Line();
        Templates.Write(w, "SysregAccessorExtensions");
        w.Close();
        return w.ToString();
    }

    /// <summary>The expression that builds an accessor's <c>SysregEncoding</c>, fields in the architecture's order.</summary>
    private static string EncodingExpression(AccessorEntry a) => a.Kind switch
    {
        AccessorKind.AArch64 => $"global::SysregGen.SysregEncoding.AArch64({a.Op0OrCoproc}, {a.Op1}, {a.CRn}, {a.CRm}, {a.Op2})",
        AccessorKind.AArch32 => $"global::SysregGen.SysregEncoding.AArch32({a.Op0OrCoproc}, {a.Op1}, {a.CRn}, {a.CRm}, {a.Op2})",
        _ => $"global::SysregGen.SysregEncoding.AArch32Wide({a.Op0OrCoproc}, {a.Op1}, {a.CRm})",
    };
}
