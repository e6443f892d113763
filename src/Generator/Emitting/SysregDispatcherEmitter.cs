using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>Emits <c>SysregDispatcher</c>, which calls a handler by meaning: every encoding of a register reaches the same call.</summary>
internal static class SysregDispatcherEmitter
{
    public const string HintName = "SysregGen.SysregDispatcher.g.cs";

    public static string Emit(TableModel table)
    {
        var w = new IndentedWriter();
        Format.Header(w, table.Namespace);
        bool hasTimers = table.Registers.Any(r => r.Timer is not null);
        string constraint = "global::SysregGen.ISysregAccessHandler<Sysreg>" + (hasTimers ? ", global::SysregGen.ITimerAccessHandler" : "");
        w.Summary("Calls a handler by meaning for trapped accesses: every encoding of a register reaches the same handler call.");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open("public static class SysregDispatcher");

        w.Summary("Calls the handler for an access, after finding its row (one hash lookup).");
        w.Line("/// <typeparam name=\"THandler\">The handler; a struct handler is called without virtual dispatch.</typeparam>");
        w.Line("/// <param name=\"handler\">The handler.</param>");
        w.Line("/// <param name=\"access\">The access; a read's result is left in <see cref=\"global::SysregGen.SysregAccess.Value\"/>.</param>");
        w.Line("/// <returns>What the handler returned; Undefined for a forbidden direction; Unhandled for an encoding no spec defines.</returns>");
        w.Line("public static global::SysregGen.AccessOutcome Dispatch<THandler>(ref THandler handler, ref global::SysregGen.SysregAccess access)");
        w.Line("    where THandler : " + constraint);
        w.Line("    => Dispatch(ref handler, ref access, SysregEncodings.FindRow(access.Encoding));");
        w.Line();

        w.Summary("Calls the handler for an access whose accessor the caller has found.");
        w.Line("/// <typeparam name=\"THandler\">The handler; a struct handler is called without virtual dispatch.</typeparam>");
        w.Line("/// <param name=\"handler\">The handler.</param>");
        w.Line("/// <param name=\"access\">The access; a read's result is left in <see cref=\"global::SysregGen.SysregAccess.Value\"/>.</param>");
        w.Line("/// <param name=\"accessor\">The accessor of <paramref name=\"access\"/>'s encoding.</param>");
        w.Line("/// <returns>What the handler returned, or Undefined for a forbidden direction.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"accessor\"/> is not a SysregAccessor value the specs define.</exception>");
        w.Line("public static global::SysregGen.AccessOutcome Dispatch<THandler>(ref THandler handler, ref global::SysregGen.SysregAccess access, SysregAccessor accessor)");
        w.Line("    where THandler : " + constraint);
        w.Line("    => Dispatch(ref handler, ref access, SysregTable.Row(accessor));");
        w.Line();

        w.Summary("Calls the handler for an access whose row the caller has found: no switch, the row says what the access means. Writes to read-only registers and reads of write-only ones are UNDEFINED here, whatever the handler would do; MRC/MCR move the low 32 bits.");
        w.Line("/// <typeparam name=\"THandler\">The handler; a struct handler is called without virtual dispatch.</typeparam>");
        w.Line("/// <param name=\"handler\">The handler.</param>");
        w.Line("/// <param name=\"access\">The access; a read's result is left in <see cref=\"global::SysregGen.SysregAccess.Value\"/>.</param>");
        w.Line("/// <param name=\"row\">The row of <paramref name=\"access\"/>'s encoding (<see cref=\"SysregEncodings.FindRow\"/>, <see cref=\"SysregTable.Row\"/>).</param>");
        w.Line("/// <returns>What the handler returned; Undefined for a forbidden direction; Unhandled for an absent row.</returns>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        w.Line("public static global::SysregGen.AccessOutcome Dispatch<THandler>(ref THandler handler, ref global::SysregGen.SysregAccess access, global::SysregGen.SysregRow row)");
        w.Line("    where THandler : " + constraint);
        w.Line("{");
        w.Indent();
        w.Open("if (!row.IsPresent)");
        w.Line("return global::SysregGen.AccessOutcome.Unhandled;");
        w.Close();
        w.Line();
        w.Open("if (access.IsWrite ? !row.CanWrite : !row.CanRead)");
        w.Line("return global::SysregGen.AccessOutcome.Undefined;");
        w.Close();
        w.Line();
        w.Open("if (row.IsNarrow && access.IsWrite)");
        w.Line("access.Value &= 0xFFFF_FFFFUL;");
        w.Close();
        w.Line();
        if (hasTimers)
        {
            w.Line("global::SysregGen.AccessOutcome outcome = row.IsTimer");
            w.Line("    ? handler.AccessTimer(row.Timer, row.TimerRegister, ref access)");
            w.Line("    : handler.AccessRegister((Sysreg)row.Register, ref access);");
        }
        else
        {
            w.Line("global::SysregGen.AccessOutcome outcome = handler.AccessRegister((Sysreg)row.Register, ref access);");
        }

        w.Line();
        w.Open("if (row.IsNarrow && !access.IsWrite)");
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
}
