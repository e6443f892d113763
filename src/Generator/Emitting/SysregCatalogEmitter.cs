using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// Emits <c>SysregCatalog</c>, every register as data (layouts, fields, trap rules) for tools, and its row types.
/// It is the one generated file that carries the registers' descriptions, so it is written in two
/// parts: each register's row without its description (<see cref="Row"/>), which a description edit
/// leaves equal, and the file (<see cref="Assemble"/>), which only copies the rows and descriptions.
/// </summary>
internal static class SysregCatalogEmitter
{
    public const string HintName = "SysregGen.SysregCatalog.g.cs";

    /// <summary>The rows' indentation: inside the namespace, the class and the array.</summary>
    private const int RowIndent = 3;

    /// <summary>Stands for the description while a row is written; no name, type name or number contains it.</summary>
    private const string DescriptionMark = "\u0001";

    /// <summary>A register's row, cut where its description goes.</summary>
    public static CatalogRow Row(RegisterEntry r)
    {
        IndentedWriter w = RowIndented();
        string features = r.Feature is { } f ? "SysregFeatures." + Names.FeatureMemberName(f) : "SysregFeatures.None";
        string timer = r.Timer is null ? "null" : $"global::SysregGen.TimerId.{r.Timer}";
        string timerReg = r.TimerRegister is null ? "null" : $"global::SysregGen.TimerRegister.{r.TimerRegister}";
        A64Encoding e = r.Encoding;
        w.Line($"new(Sysreg.{r.TypeName}, {Format.Str(r.Name)}, {Format.Str(r.TypeName)}, {DescriptionMark}, {r.Width}, {Format.U64(r.ResetValue)}, {features}, {timer}, {timerReg}, {e.Op0}, {e.Op1}, {e.CRn}, {e.CRm}, {e.Op2}, new SysregLayoutInfo[]");
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
            return Split(w.ToStringAndReturn());
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
        return Split(w.ToStringAndReturn());
    }

    /// <summary>The catalog file: the row types, every row with its register's description, then the lookups.</summary>
    /// <param name="namespace">The namespace of the generated code.</param>
    /// <param name="rows">The rows in table order, each with its register's description.</param>
    public static string Assemble(string @namespace, IEnumerable<(CatalogRow Row, string Description)> rows)
    {
        var w = new IndentedWriter();
        Format.Header(w, @namespace);
        foreach (string type in new[] { "SysregFieldInfo", "SysregLayoutInfo", "SysregTrapRuleInfo", "SysregInfo" })
        {
            Templates.Write(w, type);
            w.Line();
        }

        w.Summary("The registers the specs describe.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public static class SysregCatalog");
        w.Open("private static readonly SysregInfo[] s_registers =");
        // One concatenation: the text is about a megabyte at 1,000 registers, and this runs on every
        // description edit.
        var parts = new List<string> { w.ToString() };
        foreach ((CatalogRow row, string description) in rows)
        {
            parts.Add(row.BeforeDescription);
            parts.Add(Format.Str(description));
            parts.Add(row.AfterDescription);
        }

        parts.Add(Lookups());
        return string.Concat(parts);
    }

    /// <summary>The end of the array, and the lookups.</summary>
    private static string Lookups()
    {
        IndentedWriter w = RowIndented();
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
        return w.ToStringAndReturn();
    }

    /// <summary>A writer at the rows' indentation, over the thread's kept buffer (one per register in a cold run).</summary>
    private static IndentedWriter RowIndented()
    {
        IndentedWriter w = IndentedWriter.Rent();
        for (int i = 0; i < RowIndent; i++)
        {
            w.Indent();
        }

        return w;
    }

    private static CatalogRow Split(string row)
    {
        int at = row.IndexOf(DescriptionMark, StringComparison.Ordinal);
        return new CatalogRow(row.Substring(0, at), row.Substring(at + DescriptionMark.Length));
    }
}

/// <summary>A register's catalog row, cut where its description goes (<see cref="SysregCatalogEmitter.Row"/>).</summary>
/// <param name="BeforeDescription">The row's text up to the description.</param>
/// <param name="AfterDescription">The rest of the row.</param>
internal sealed record CatalogRow(string BeforeDescription, string AfterDescription);
