using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>Emits <c>SysregCatalog</c>, every register as data (layouts, fields, trap rules) for tools, and its row types.</summary>
internal static class SysregCatalogEmitter
{
    public const string HintName = "SysregGen.SysregCatalog.g.cs";

    public static string Emit(TableModel table)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);
        string gc = Format.GeneratedCodeAttribute;

        w.Summary("A field of a register layout.");
        w.Line(gc);
        w.Open("public sealed class SysregFieldInfo");
        w.Line("internal SysregFieldInfo(string name, string propertyName, int msb, int lsb, global::SysregGen.FieldAccess access, ulong reset, bool isSigned, SysregFeatures requiredFeatures)");
        w.Line("{");
        w.Line("    Name = name;");
        w.Line("    PropertyName = propertyName;");
        w.Line("    Msb = msb;");
        w.Line("    Lsb = lsb;");
        w.Line("    Access = access;");
        w.Line("    Reset = reset;");
        w.Line("    IsSigned = isSigned;");
        w.Line("    RequiredFeatures = requiredFeatures;");
        w.Line("}");
        w.Line();
        EmitProps(w,
            ("public string Name { get; }", "The architecture name."),
            ("public string PropertyName { get; }", "The generated property."),
            ("public int Msb { get; }", "The highest bit."),
            ("public int Lsb { get; }", "The lowest bit."),
            ("public int Width => Msb - Lsb + 1;", "The number of bits."),
            ("public ulong Mask => (Width == 64 ? ulong.MaxValue : ((1UL << Width) - 1)) << Lsb;", "The bits in place."),
            ("public global::SysregGen.FieldAccess Access { get; }", "What a write may do."),
            ("public ulong Reset { get; }", "The reset value, unshifted."),
            ("public bool IsSigned { get; }", "Whether the field is a two's-complement integer."),
            ("public SysregFeatures RequiredFeatures { get; }", "The feature that gives the field meaning."),
            ("public override string ToString() => Msb == Lsb ? $\"{Name}[{Msb}]\" : $\"{Name}[{Msb}:{Lsb}]\";", ""));
        w.Close();
        w.Line();

        w.Summary("One layout of a register.");
        w.Line(gc);
        w.Open("public sealed class SysregLayoutInfo");
        w.Line("internal SysregLayoutInfo(string name, int whenE2H, int whenTge, ulong res0Mask, ulong res1Mask, SysregFieldInfo[] fields)");
        w.Line("{");
        w.Line("    Name = name;");
        w.Line("    WhenE2H = whenE2H;");
        w.Line("    WhenTge = whenTge;");
        w.Line("    Res0Mask = res0Mask;");
        w.Line("    Res1Mask = res1Mask;");
        w.Line("    Fields = fields;");
        w.Line("}");
        w.Line();
        EmitProps(w,
            ("public string Name { get; }", "The layout's name; empty for a register's only layout."),
            ("public int WhenE2H { get; }", "The HCR_EL2.E2H value that selects the layout, or -1 for either."),
            ("public int WhenTge { get; }", "The HCR_EL2.TGE value that selects the layout, or -1 for either."),
            ("public ulong Res0Mask { get; }", "RES0 bits."),
            ("public ulong Res1Mask { get; }", "RES1 bits."),
            ("public global::System.Collections.Generic.IReadOnlyList<SysregFieldInfo> Fields { get; }", "The fields, highest bits first."),
            ("public bool AppliesTo(bool e2h, bool tge) => (WhenE2H < 0 || WhenE2H == (e2h ? 1 : 0)) && (WhenTge < 0 || WhenTge == (tge ? 1 : 0));", "Whether the layout is in force for the effective E2H and TGE."));
        w.Close();
        w.Line();

        w.Summary("A trap rule of a register, as the spec states it: the access traps when every control field has its value.");
        w.Line(gc);
        w.Open("public sealed class SysregTrapRuleInfo");
        w.Line("internal SysregTrapRuleInfo(int el, int whenE2H, int whenTge, string[] controls, int toEl, SysregFeatures requiredFeatures)");
        w.Line("{");
        w.Line("    El = el;");
        w.Line("    WhenE2H = whenE2H;");
        w.Line("    WhenTge = whenTge;");
        w.Line("    Controls = controls;");
        w.Line("    ToEl = toEl;");
        w.Line("    RequiredFeatures = requiredFeatures;");
        w.Line("}");
        w.Line();
        EmitProps(w,
            ("public int El { get; }", "The accessing EL the rule applies to."),
            ("public int WhenE2H { get; }", "The HCR_EL2.E2H value the rule needs, or -1 for either."),
            ("public int WhenTge { get; }", "The HCR_EL2.TGE value the rule needs, or -1 for either."),
            ("public global::System.Collections.Generic.IReadOnlyList<string> Controls { get; }", "The conditions on control fields, as REGISTER.FIELD == value."),
            ("public int ToEl { get; }", "The EL the access traps to (an EL1 trap from EL0 goes to EL2 while TGE is 1)."),
            ("public SysregFeatures RequiredFeatures { get; }", "The feature the rule needs."),
            ("public override string ToString() => $\"EL{El}{(WhenE2H < 0 ? \"\" : $\" E2H={WhenE2H}\")}{(WhenTge < 0 ? \"\" : $\" TGE={WhenTge}\")}: {string.Join(\" && \", Controls)} -> EL{ToEl}\";", ""));
        w.Close();
        w.Line();

        w.Summary("What the specs say about a register: names, encoding, reset, layouts.");
        w.Line(gc);
        w.Open("public sealed class SysregInfo");
        w.Line("internal SysregInfo(Sysreg register, string name, string typeName, string description, int width, ulong resetValue, SysregFeatures requiredFeatures, global::SysregGen.TimerId? timer, global::SysregGen.TimerRegister? timerRegister, int op0, int op1, int crn, int crm, int op2, SysregLayoutInfo[] layouts, SysregTrapRuleInfo[] trapRules)");
        w.Line("{");
        w.Indent();
        foreach (string s in new[]
                 {
                     "Register = register;", "Name = name;", "TypeName = typeName;", "Description = description;", "Width = width;",
                     "ResetValue = resetValue;", "RequiredFeatures = requiredFeatures;", "Timer = timer;", "TimerRegister = timerRegister;",
                     "Op0 = op0;", "Op1 = op1;", "CRn = crn;", "CRm = crm;", "Op2 = op2;", "Layouts = layouts;", "TrapRules = trapRules;",
                 })
        {
            w.Line(s);
        }

        w.Outdent();
        w.Line("}");
        w.Line();
        EmitProps(w,
            ("public Sysreg Register { get; }", "The register."),
            ("public string Name { get; }", "The architecture name."),
            ("public string TypeName { get; }", "The generated value struct."),
            ("public string Description { get; }", "One line from the spec."),
            ("public int Width { get; }", "The width in bits."),
            ("public ulong ResetValue { get; }", "The value after reset."),
            ("public SysregFeatures RequiredFeatures { get; }", "The features the register needs."),
            ("public global::SysregGen.TimerId? Timer { get; }", "The timer the register belongs to, if any."),
            ("public global::SysregGen.TimerRegister? TimerRegister { get; }", "Which timer register it is, if any."),
            ("public int Op0 { get; }", "AArch64 op0."),
            ("public int Op1 { get; }", "AArch64 op1."),
            ("public int CRn { get; }", "AArch64 CRn."),
            ("public int CRm { get; }", "AArch64 CRm."),
            ("public int Op2 { get; }", "AArch64 op2."),
            ("public global::System.Collections.Generic.IReadOnlyList<SysregLayoutInfo> Layouts { get; }", "The layouts; one unless the meaning of bits depends on E2H/TGE."),
            ("public global::System.Collections.Generic.IReadOnlyList<SysregTrapRuleInfo> TrapRules { get; }", "The trap rules, in priority order."),
            ("public override string ToString() => Name;", ""));
        w.Close();
        w.Line();

        w.Summary("The registers the specs describe.");
        w.Line(gc);
        w.Open("public static class SysregCatalog");
        w.Open("private static readonly SysregInfo[] s_registers =");
        foreach (RegisterEntry r in table.Registers)
        {
            string features = r.Feature is { } f ? "SysregFeatures." + Names.FeatureMemberName(f) : "SysregFeatures.None";
            string timer = r.Timer is null ? "null" : $"global::SysregGen.TimerId.{r.Timer}";
            string timerReg = r.TimerRegister is null ? "null" : $"global::SysregGen.TimerRegister.{r.TimerRegister}";
            A64Encoding e = r.Encoding;
            w.Line($"new(Sysreg.{r.TypeName}, {Format.Str(r.Name)}, {Format.Str(r.TypeName)}, {Format.Str(r.Description)}, {r.Width}, {Format.U64(r.ResetValue)}, {features}, {timer}, {timerReg}, {e.Op0}, {e.Op1}, {e.CRn}, {e.CRm}, {e.Op2}, new SysregLayoutInfo[]");
            w.Line("{");
            w.Indent();
            foreach (CatalogLayout l in r.Layouts)
            {
                w.Line($"new({Format.Str(l.Name)}, {l.When.E2h ?? -1}, {l.When.Tge ?? -1}, {Format.U64(l.Res0)}, {Format.U64(l.Res1)}, new SysregFieldInfo[]");
                w.Line("{");
                w.Indent();
                foreach (CatalogField fi in l.Fields)
                {
                    string ff = fi.Feature is { } x ? "SysregFeatures." + Names.FeatureMemberName(x) : "SysregFeatures.None";
                    w.Line($"new({Format.Str(fi.Name)}, {Format.Str(fi.PropertyName)}, {fi.Msb}, {fi.Lsb}, global::SysregGen.FieldAccess.{fi.Access}, {Format.U64(fi.Reset)}, {Format.Bool(fi.IsSigned)}, {ff}),");
                }

                w.Outdent();
                w.Line("}),");
            }

            w.Outdent();
            if (r.TrapRules.Count == 0)
            {
                w.Line("}, global::System.Array.Empty<SysregTrapRuleInfo>()),");
                continue;
            }

            w.Line("}, new SysregTrapRuleInfo[]");
            w.Line("{");
            w.Indent();
            foreach (ResolvedTrapRule rule in r.TrapRules)
            {
                string controls = string.Join(", ", rule.Controls.Select(c => Format.Str($"{c.RegisterName}.{c.FieldName} == {c.Value >> c.Lsb}")));
                string feature = rule.Feature is { } rf ? "SysregFeatures." + Names.FeatureMemberName(rf) : "SysregFeatures.None";
                w.Line($"new({rule.El}, {rule.When.E2h ?? -1}, {rule.When.Tge ?? -1}, new[] {{ {controls} }}, {rule.To}, {feature}),");
            }

            w.Outdent();
            w.Line("}),");
        }

        w.Close(";");
        w.Line();
        w.Doc("Every register, in <see cref=\"Sysreg\"/> order.");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<SysregInfo> All => s_registers;");
        w.Line();
        w.Summary("What the specs say about a register.");
        w.Line("/// <param name=\"register\">A defined register.</param>");
        w.Line("/// <returns>Its description.</returns>");
        w.Line("public static SysregInfo Get(Sysreg register) => s_registers[(int)register];");
        w.Line();
        w.Summary("Finds a register by its architecture name (CNTP_CTL_EL0).");
        w.Line("/// <param name=\"name\">The name, exactly.</param>");
        w.Line("/// <param name=\"info\">The register, when found.</param>");
        w.Line("/// <returns>Whether a spec defines the name.</returns>");
        w.Open("public static bool TryGet(string name, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SysregInfo? info)");
        w.Open("foreach (SysregInfo r in s_registers)");
        w.Open("if (r.Name == name)");
        w.Line("info = r;");
        w.Line("return true;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("info = null;");
        w.Line("return false;");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void EmitProps(IndentedWriter w, params (string Decl, string Doc)[] props)
    {
        for (int i = 0; i < props.Length; i++)
        {
            if (props[i].Doc.Length == 0)
            {
                w.Line("/// <inheritdoc/>");
            }
            else
            {
                w.Summary(props[i].Doc);
            }

            w.Line(props[i].Decl);
            if (i < props.Length - 1)
            {
                w.Line();
            }
        }
    }
}
