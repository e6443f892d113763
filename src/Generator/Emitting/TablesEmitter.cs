using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// Emits what is generated from all specs together: the register, accessor and feature enums, the
/// accessor table, encoding lookups, the trap-dispatch switch, the trap decisions and the catalog.
/// Every list is already sorted in the <see cref="TableModel"/>; nothing here enumerates a hash set.
/// </summary>
internal static class TablesEmitter
{
    public static IEnumerable<(string HintName, string Source)> Emit(TableModel table)
    {
        yield return ("SysregGen.SupportTypes.g.cs", SupportTypesEmitter.Emit(table.Namespace));
        yield return ("SysregGen.Enums.g.cs", EmitEnums(table));
        yield return ("SysregGen.SysregTable.g.cs", EmitAccessorTable(table));
        yield return ("SysregGen.SysregEncodings.g.cs", EmitEncodings(table));
        yield return ("SysregGen.SysregDispatcher.g.cs", EmitDispatcher(table));
        yield return ("SysregGen.TrapDecisions.g.cs", EmitTrapDecisions(table));
        yield return ("SysregGen.SysregCatalog.g.cs", EmitCatalog(table));
    }

    // ---- enums ---------------------------------------------------------------------------------

    private static string EmitEnums(TableModel table)
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

    // ---- accessor table ------------------------------------------------------------------------

    private static string EmitAccessorTable(TableModel table)
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
    private static uint EncodingValue(AccessorEntry a) => a.Kind switch
    {
        AccessorKind.AArch64 => (uint)a.Op0OrCoproc << 20 | (uint)a.Op2 << 17 | (uint)a.Op1 << 14 | (uint)a.CRn << 10 | (uint)a.CRm << 1,
        AccessorKind.AArch32 => 1u << 28 | (uint)a.Op0OrCoproc << 24 | (uint)a.Op2 << 17 | (uint)a.Op1 << 14 | (uint)a.CRn << 10 | (uint)a.CRm << 1,
        _ => 2u << 28 | (uint)a.Op0OrCoproc << 24 | (uint)a.Op1 << 16 | (uint)a.CRm << 1,
    };

    // ---- encoding lookups ----------------------------------------------------------------------

    private static string EmitEncodings(TableModel table)
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

    // ---- dispatcher ----------------------------------------------------------------------------

    private static string EmitDispatcher(TableModel table)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);
        bool hasTimers = table.Registers.Any(r => r.Timer is not null);
        string constraint = "global::SysregGen.ISysregAccessHandler<Sysreg>" + (hasTimers ? ", global::SysregGen.ITimerAccessHandler" : "");
        w.Summary("Calls a handler by meaning for trapped accesses: every encoding of a register reaches the same handler call.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public static class SysregDispatcher");

        w.Summary("Calls the handler for an access, after finding its accessor (one lookup).");
        w.Line("/// <typeparam name=\"THandler\">The handler; a struct handler is called without virtual dispatch.</typeparam>");
        w.Line("/// <param name=\"handler\">The handler.</param>");
        w.Line("/// <param name=\"access\">The access; a read's result is left in <see cref=\"global::SysregGen.SysregAccess.Value\"/>.</param>");
        w.Line("/// <returns>What the handler returned; Undefined for a forbidden direction; Unhandled for an encoding no spec defines.</returns>");
        w.Line("public static global::SysregGen.AccessOutcome Dispatch<THandler>(ref THandler handler, ref global::SysregGen.SysregAccess access)");
        w.Line("    where THandler : " + constraint);
        w.Line("    => SysregEncodings.TryFind(access.Encoding, out SysregAccessor accessor)");
        w.Line("        ? Dispatch(ref handler, ref access, accessor)");
        w.Line("        : global::SysregGen.AccessOutcome.Unhandled;");
        w.Line();

        w.Summary("Calls the handler for an access whose accessor the caller has found. Writes to read-only registers and reads of write-only ones are UNDEFINED here, whatever the handler would do; MRC/MCR move the low 32 bits.");
        w.Line("/// <typeparam name=\"THandler\">The handler; a struct handler is called without virtual dispatch.</typeparam>");
        w.Line("/// <param name=\"handler\">The handler.</param>");
        w.Line("/// <param name=\"access\">The access; a read's result is left in <see cref=\"global::SysregGen.SysregAccess.Value\"/>.</param>");
        w.Line("/// <param name=\"accessor\">The accessor of <paramref name=\"access\"/>'s encoding.</param>");
        w.Line("/// <returns>What the handler returned, or Undefined for a forbidden direction.</returns>");
        w.Line("public static global::SysregGen.AccessOutcome Dispatch<THandler>(ref THandler handler, ref global::SysregGen.SysregAccess access, SysregAccessor accessor)");
        w.Line("    where THandler : " + constraint);
        w.Line("{");
        w.Indent();
        w.Line("ref readonly SysregAccessorInfo info = ref SysregTable.Get(accessor);");
        w.Open("if (access.IsWrite ? !info.CanWrite : !info.CanRead)");
        w.Line("return global::SysregGen.AccessOutcome.Undefined;");
        w.Close();
        w.Line();
        w.Line("bool narrow = info.Kind == global::SysregGen.AccessorKind.AArch32;");
        w.Open("if (narrow && access.IsWrite)");
        w.Line("access.Value &= 0xFFFF_FFFFUL;");
        w.Close();
        w.Line();
        w.Line("global::SysregGen.AccessOutcome outcome;");
        w.Line("switch (accessor)");
        w.Line("{");
        w.Indent();
        var registersByName = table.Registers.ToDictionary(r => r.Name);
        foreach (IGrouping<string, AccessorEntry> group in table.Accessors.GroupBy(a => a.RegisterName).OrderBy(g => registersByName[g.Key].Encoding.Key))
        {
            RegisterEntry r = registersByName[group.Key];
            foreach (AccessorEntry a in group)
            {
                w.Line($"case SysregAccessor.{a.MemberName}:");
            }

            w.Indent();
            w.Line(r.Timer is null
                ? $"outcome = handler.AccessRegister(Sysreg.{r.TypeName}, ref access);"
                : $"outcome = handler.AccessTimer(global::SysregGen.TimerId.{r.Timer}, global::SysregGen.TimerRegister.{r.TimerRegister}, ref access);");
            w.Line("break;");
            w.Outdent();
        }

        w.Line("default:");
        w.Line("    return global::SysregGen.AccessOutcome.Unhandled;");
        w.Outdent();
        w.Line("}");
        w.Line();
        w.Open("if (narrow && !access.IsWrite)");
        w.Line("access.Value &= 0xFFFF_FFFFUL;");
        w.Close();
        w.Line();
        w.Line("return outcome;");
        w.Close();
        w.Line();

        w.Doc("A trap handler for this model's registers, to hand to a runtime for the registers it does not emulate itself: it dispatches to <paramref name=\"handler\"/>, which it keeps (a struct handler is kept by value).");
        w.Line("/// <typeparam name=\"THandler\">The handler.</typeparam>");
        w.Line("/// <param name=\"handler\">The handler.</param>");
        w.Line("/// <returns>The trap handler.</returns>");
        w.Line("public static global::SysregGen.ISysregTrapHandler ToTrapHandler<THandler>(THandler handler)");
        w.Line("    where THandler : " + constraint + " => new TrapHandler<THandler>(handler);");
        w.Line();
        w.Line("private sealed class TrapHandler<THandler>(THandler handler) : global::SysregGen.ISysregTrapHandler");
        w.Line("    where THandler : " + constraint);
        w.Line("{");
        w.Line("    private THandler _handler = handler;");
        w.Line();
        w.Line("    public global::SysregGen.AccessOutcome HandleTrap(ref global::SysregGen.SysregAccess access) => Dispatch(ref _handler, ref access);");
        w.Line("}");

        w.Close();
        w.Close();
        return w.ToString();
    }

    // ---- trap decisions ------------------------------------------------------------------------

    private static string EmitTrapDecisions(TableModel table)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);

        w.Summary("The state that decides whether an access traps: the effective HCR_EL2 bits, the trap-control registers, the CPU's features.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public struct TrapControls");
        w.Summary("The effective HCR_EL2.E2H.");
        w.Line("public bool E2H { get; set; }");
        w.Line();
        w.Summary("The effective HCR_EL2.TGE.");
        w.Line("public bool Tge { get; set; }");
        w.Line();
        foreach (ControlRegister c in table.ControlRegisters)
        {
            w.Summary($"The value of {c.Name}.");
            w.Line($"public ulong {c.TypeName} {{ get; set; }}");
            w.Line();
        }

        w.Summary("The CPU's optional features.");
        w.Line("public SysregFeatures Features { get; set; }");
        w.Close();
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
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"el\"/> is not 0..3.</exception>");
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
                string cond = RegisterEmitter.ConditionExpr(rule.When, "c.E2H", "c.Tge");
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
                string cond = RegisterEmitter.ConditionExpr(redirect.When, "c.E2H", "c.Tge");
                w.Line($"if (redirect && el == {redirect.El}{(cond == "true" ? "" : " && " + cond)}) return TrapDecision.Access(Sysreg.{redirect.TargetTypeName}, el); // -> {redirect.TargetName}");
            }

            w.Line($"return TrapDecision.Access(Sysreg.{r.TypeName}, el);");
            w.Close();
        }

        w.Close();
        w.Close();
        return w.ToString();
    }

    // ---- catalog -------------------------------------------------------------------------------

    private static string EmitCatalog(TableModel table)
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
