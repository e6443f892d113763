namespace SysregGen.Generator.Emitting;

/// <summary>
/// The fixed-shape types a generated model has that name its own registers (the trap decision).
/// The vocabulary that names no register lives in SysregGen.Abstractions, shared by every model.
/// </summary>
internal static class SupportTypesEmitter
{
    public static string Emit(string @namespace)
    {
        var w = new IndentedWriter();
        Format.Header(w, @namespace);
        string gc = Format.GeneratedCodeAttribute;

        w.Line("/// <summary>The result of <see cref=\"TrapDecisions.Decide\"/>.</summary>");
        w.Line(gc);
        w.Open("public readonly struct TrapDecision : global::System.IEquatable<TrapDecision>");
        w.Line("private TrapDecision(global::SysregGen.TrapOutcome outcome, int targetEl, Sysreg register)");
        w.Line("{");
        w.Line("    Outcome = outcome;");
        w.Line("    TargetEl = targetEl;");
        w.Line("    Register = register;");
        w.Line("}");
        w.Line();
        w.Summary("Whether the access completes, traps or is UNDEFINED.");
        w.Line("public global::SysregGen.TrapOutcome Outcome { get; }");
        w.Line();
        w.Summary("For a trap or UNDEFINED, the EL the exception is taken to; for an access, the accessing EL.");
        w.Line("public int TargetEl { get; }");
        w.Line();
        w.Summary("For an access, the register it reaches (after VHE redirection).");
        w.Line("public Sysreg Register { get; }");
        w.Line();
        w.Line("/// <summary>An access that completes on <paramref name=\"register\"/>.</summary>");
        w.Line("/// <param name=\"register\">The register reached.</param>");
        w.Line("/// <param name=\"el\">The accessing EL.</param>");
        w.Line("/// <returns>The decision.</returns>");
        w.Line("public static TrapDecision Access(Sysreg register, int el) => new(global::SysregGen.TrapOutcome.Access, el, register);");
        w.Line();
        w.Line("/// <summary>An access that traps to <paramref name=\"targetEl\"/>.</summary>");
        w.Line("/// <param name=\"targetEl\">The EL the trap is taken to.</param>");
        w.Line("/// <returns>The decision.</returns>");
        w.Line("public static TrapDecision Trap(int targetEl) => new(global::SysregGen.TrapOutcome.Trap, targetEl, default);");
        w.Line();
        w.Line("/// <summary>An UNDEFINED access, taken to <paramref name=\"targetEl\"/>.</summary>");
        w.Line("/// <param name=\"targetEl\">The EL the exception is taken to.</param>");
        w.Line("/// <returns>The decision.</returns>");
        w.Line("public static TrapDecision Undefined(int targetEl) => new(global::SysregGen.TrapOutcome.Undefined, targetEl, default);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public bool Equals(TrapDecision other) => Outcome == other.Outcome && TargetEl == other.TargetEl && Register == other.Register;");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override bool Equals(object? obj) => obj is TrapDecision other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override int GetHashCode() => ((int)Outcome << 16) ^ (TargetEl << 12) ^ (int)Register;");
        w.Line();
        w.Summary("Compares two decisions.");
        w.Line("public static bool operator ==(TrapDecision left, TrapDecision right) => left.Equals(right);");
        w.Line();
        w.Summary("Compares two decisions.");
        w.Line("public static bool operator !=(TrapDecision left, TrapDecision right) => !left.Equals(right);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override string ToString() => Outcome switch");
        w.Line("{");
        w.Line("    global::SysregGen.TrapOutcome.Access => $\"access {Register} at EL{TargetEl}\",");
        w.Line("    global::SysregGen.TrapOutcome.Trap => $\"trap to EL{TargetEl}\",");
        w.Line("    _ => $\"undefined (to EL{TargetEl})\",");
        w.Line("};");
        w.Close();
        w.Close();
        return w.ToString();
    }
}
