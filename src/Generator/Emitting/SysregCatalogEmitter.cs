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
        foreach (string type in new[] { "SysregFieldInfo", "SysregLayoutInfo", "SysregTrapRuleInfo", "SysregInfo" })
        {
            Templates.Write(w, type);
            w.Line();
        }

        w.Summary("The registers the specs describe.");
        w.Line(Format.GeneratedCodeAttribute);
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
        Format.CheckedLookup(w, "public static SysregInfo Get(Sysreg register)", "Sysreg", "register", "s_registers", byRef: false);
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
}
