using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>Emits the architecture's trap decisions: <c>TrapControls</c>, <c>TrapDecisions</c> (one method per register with trap rules or redirects) and <c>TrapDecision</c>.</summary>
internal static class TrapDecisionsEmitter
{
    public const string HintName = "SysregGen.TrapDecisions.g.cs";

    public static string Emit(TableModel table)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);

        Templates.Write(w, "TrapControls", ("ControlRegisters", slot => ControlRegisterMembers(slot, table)));
        w.Line();

        w.Summary("Decides, as the architecture does, whether an access completes, traps or is UNDEFINED (EL2 implemented and enabled, Non-secure).");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public static class TrapDecisions");
        w.Summary("Decides an access: UNDEFINED for a missing feature, too low an EL or a forbidden direction; then the register's trap rules in order; then access, after VHE redirection.");
        w.Line("/// <param name=\"accessor\">The encoding used.</param>");
        w.Line("/// <param name=\"isWrite\">True for MSR/MCR/MCRR.</param>");
        w.Line("/// <param name=\"el\">The accessing exception level, 0..3.</param>");
        w.Line("/// <param name=\"controls\">The trap controls in force.</param>");
        w.Line("/// <returns>The decision.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"el\"/> is not 0..3, or <paramref name=\"accessor\"/> is not a SysregAccessor value the specs define.</exception>");
        w.Open("public static TrapDecision Decide(SysregAccessor accessor, bool isWrite, int el, in TrapControls controls)");
        w.Open("if ((uint)el > 3)");
        w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(el), el, \"An exception level is 0..3.\");");
        w.Close();
        w.Line();
        w.Line("ref readonly SysregAccessorInfo info = ref SysregTable.Get(accessor);");
        w.Line("if ((controls.Features & info.RequiredFeatures) != info.RequiredFeatures ||");
        w.Line("    el < info.MinEl ||");
        w.Line("    (info.RequiresE2H >= 0 && controls.E2H != (info.RequiresE2H == 1)) ||");
        w.Line("    (info.RequiresTge >= 0 && controls.Tge != (info.RequiresTge == 1)) ||");
        w.Line("    el < (isWrite ? info.WriteMinEl : info.ReadMinEl))");
        w.Line("{");
        w.Line("    return TrapDecision.Undefined(UndefinedTarget(el, in controls));");
        w.Line("}");
        w.Line();
        w.Line("bool redirect = !info.IsAlias;");
        w.Line("switch (info.Register)");
        w.Line("{");
        w.Indent();
        var withLogic = table.Registers.Where(r => r.TrapRules.Count > 0 || r.Redirects.Count > 0).ToList();
        foreach (RegisterEntry r in withLogic)
        {
            w.Line($"case Sysreg.{r.TypeName}: return {r.TypeName}(el, in controls, redirect);");
        }

        w.Line("default: return TrapDecision.Access(info.Register, el);");
        w.Outdent();
        w.Line("}");
        w.Close();
        w.Line();

        w.Summary("Where an UNDEFINED exception is taken: from EL0 to EL2 when TGE routes EL0 exceptions there, otherwise to EL1; from EL1 or above, to the same EL.");
        w.Line("/// <param name=\"el\">The accessing EL.</param>");
        w.Line("/// <param name=\"controls\">The trap controls in force.</param>");
        w.Line("/// <returns>The target EL.</returns>");
        w.Line("public static int UndefinedTarget(int el, in TrapControls controls) => el == 0 ? (controls.Tge ? 2 : 1) : el;");
        w.Line();
        w.Line("// A trap to EL1 from EL0 goes to EL2 while HCR_EL2.TGE is 1, like every exception from EL0 then.");
        w.Line("private static int Route(int to, int el, in TrapControls c) => to == 1 && el == 0 && c.Tge ? 2 : to;");

        foreach (RegisterEntry r in withLogic)
        {
            w.Line();
            w.Line($"// {r.Name}: trap rules in spec order (the first that matches wins), then redirects.");
            w.Open($"private static TrapDecision {r.TypeName}(int el, in TrapControls c, bool redirect)");
            foreach (ResolvedTrapRule rule in r.TrapRules)
            {
                var terms = new List<string> { $"el == {rule.El}" };
                string cond = Conditions.Expression(rule.When, "c.E2H", "c.Tge");
                if (cond != "true")
                {
                    terms.Add(cond);
                }

                if (rule.Feature is { } f)
                {
                    terms.Add($"(c.Features & SysregFeatures.{Names.FeatureMemberName(f)}) != 0");
                }

                foreach (IGrouping<string, ResolvedControl> g in rule.Controls.GroupBy(x => x.ControlMember))
                {
                    ulong mask = g.Aggregate(0UL, (m, x) => m | x.Mask);
                    ulong value = g.Aggregate(0UL, (m, x) => m | x.Value);
                    terms.Add($"(c.{g.Key} & {Format.U64(mask)}) == {Format.U64(value)}");
                }

                string why = string.Join(", ", rule.Controls.Select(x => $"{x.RegisterName}.{x.FieldName} == {x.Value >> x.Lsb}"));
                w.Line($"// EL{rule.El} {rule.When}: {why} traps to EL{rule.To}" + (rule.Feature is { } rf ? $" ({rf})" : ""));
                w.Line($"if ({string.Join(" && ", terms)}) return TrapDecision.Trap({(rule.To == 1 ? "Route(1, el, in c)" : Format.Int(rule.To))});");
            }

            foreach (ResolvedRedirect redirect in r.Redirects)
            {
                string cond = Conditions.Expression(redirect.When, "c.E2H", "c.Tge");
                w.Line($"if (redirect && el == {redirect.El}{(cond == "true" ? "" : " && " + cond)}) return TrapDecision.Access(Sysreg.{redirect.TargetTypeName}, el); // -> {redirect.TargetName}");
            }

            w.Line($"return TrapDecision.Access(Sysreg.{r.TypeName}, el);");
            w.Close();
        }

        w.Close();
        w.Line();
        Templates.Write(w, "TrapDecision");
        w.Close();
        return w.ToString();
    }

    /// <summary>One <c>TrapControls</c> property per register that trap rules read.</summary>
    private static void ControlRegisterMembers(IndentedWriter w, TableModel table)
    {
        foreach (ControlRegister c in table.ControlRegisters)
        {
            w.Summary($"The value of {c.Name}.");
            w.Line($"public ulong {c.TypeName} {{ get; set; }}");
            w.Line();
        }
    }
}
