using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>Emits the dispatch table: <c>SysregAccessorInfo</c>, <c>SysregTable</c> (one row per accessor) and the accessors' encodings.</summary>
internal static class SysregTableEmitter
{
    public const string HintName = "SysregGen.SysregTable.g.cs";

    public static string Emit(TableModel table)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);
        string gc = Format.GeneratedCodeAttribute;

        w.Summary("One row of the dispatch table: an encoding, the register it reaches and who may use it.");
        w.Line(gc);
        w.Open("public readonly struct SysregAccessorInfo");
        w.Line("internal SysregAccessorInfo(SysregAccessor accessor, string name, Sysreg register, global::SysregGen.SysregEncoding encoding, bool isAlias, int minEl, int requiresE2H, int requiresTge, int readMinEl, int writeMinEl, SysregFeatures requiredFeatures)");
        w.Line("{");
        w.Indent();
        foreach (string assign in new[]
                 {
                     "Accessor = accessor;", "Name = name;", "Register = register;", "Encoding = encoding;", "IsAlias = isAlias;",
                     "MinEl = (byte)minEl;", "RequiresE2H = (sbyte)requiresE2H;", "RequiresTge = (sbyte)requiresTge;",
                     "ReadMinEl = (byte)readMinEl;", "WriteMinEl = (byte)writeMinEl;", "RequiredFeatures = requiredFeatures;",
                 })
        {
            w.Line(assign);
        }

        w.Outdent();
        w.Line("}");
        w.Line();
        foreach ((string decl, string doc) in new[]
                 {
                     ("public SysregAccessor Accessor { get; }", "The accessor."),
                     ("public string Name { get; }", "The architecture name of the encoding (CNTP_CTL_EL02, CNTP_CTL, …)."),
                     ("public Sysreg Register { get; }", "The register whose storage the encoding reaches."),
                     ("public global::SysregGen.SysregEncoding Encoding { get; }", "The encoding."),
                     ("public global::SysregGen.AccessorKind Kind => Encoding.Kind;", "The instruction form."),
                     ("public bool IsAlias { get; }", "Whether this is an alias encoding (VHE *_EL02/*_EL12), which VHE redirection does not apply to."),
                     ("public byte MinEl { get; }", "The lowest EL that may use the encoding."),
                     ("public sbyte RequiresE2H { get; }", "The HCR_EL2.E2H value the encoding needs, or -1 for either."),
                     ("public sbyte RequiresTge { get; }", "The HCR_EL2.TGE value the encoding needs, or -1 for either."),
                     ("public byte ReadMinEl { get; }", "The lowest EL that may read; 4 when the register cannot be read."),
                     ("public byte WriteMinEl { get; }", "The lowest EL that may write; 4 when the register cannot be written."),
                     ("public SysregFeatures RequiredFeatures { get; }", "The features the register needs."),
                     ("public bool CanRead => ReadMinEl <= 3;", "Whether any EL may read through this encoding."),
                     ("public bool CanWrite => WriteMinEl <= 3;", "Whether any EL may write through this encoding."),
                     ("public override string ToString() => Name;", ""),
                 })
        {
            if (doc.Length == 0)
            {
                w.Line("/// <inheritdoc/>");
            }
            else
            {
                w.Summary(doc);
            }

            w.Line(decl);
            w.Line();
        }

        w.Close();
        w.Line();

        var registerFeatures = table.Registers.ToDictionary(r => r.Name, r => r.Feature);
        w.Doc("The dispatch table: one row per accessor, indexed by <see cref=\"SysregAccessor\"/>, sorted by form and encoding.");
        w.Line(gc);
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
        w.Line("public static ref readonly SysregAccessorInfo Get(SysregAccessor accessor) => ref s_accessors[(int)accessor];");
        w.Close();
        w.Line();
        w.Summary("The encodings of accessors.");
        w.Line(gc);
        w.Open("public static class SysregAccessorExtensions");
        w.Summary("The encoding of an accessor, for example to build its trap syndrome with <see cref=\"global::SysregGen.Esr.ForAccess\"/>.");
        w.Line("/// <param name=\"accessor\">A defined accessor.</param>");
        w.Line("/// <returns>The encoding.</returns>");
        w.Line("public static global::SysregGen.SysregEncoding Encoding(this SysregAccessor accessor) => SysregTable.Get(accessor).Encoding;");
        w.Close();
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

    /// <summary>The packed <c>SysregEncoding.Value</c> of an accessor (see that type for the layout).</summary>
}
