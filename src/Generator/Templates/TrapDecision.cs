/// <summary>The result of <see cref="TrapDecisions.Decide"/>.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("SysregGen", "{{GeneratorVersion}}")]
public readonly struct TrapDecision : global::System.IEquatable<TrapDecision>
{
    private TrapDecision(global::SysregGen.TrapOutcome outcome, int targetEl, Sysreg register)
    {
        Outcome = outcome;
        TargetEl = targetEl;
        Register = register;
    }

    /// <summary>Whether the access completes, traps or is UNDEFINED.</summary>
    public global::SysregGen.TrapOutcome Outcome { get; }

    /// <summary>For a trap or UNDEFINED, the EL the exception is taken to; for an access, the accessing EL.</summary>
    public int TargetEl { get; }

    /// <summary>For an access, the register it reaches (after VHE redirection).</summary>
    public Sysreg Register { get; }

    /// <summary>An access that completes on <paramref name="register"/>.</summary>
    /// <param name="register">The register reached.</param>
    /// <param name="el">The accessing EL.</param>
    /// <returns>The decision.</returns>
    public static TrapDecision Access(Sysreg register, int el) => new(global::SysregGen.TrapOutcome.Access, el, register);

    /// <summary>An access that traps to <paramref name="targetEl"/>.</summary>
    /// <param name="targetEl">The EL the trap is taken to.</param>
    /// <returns>The decision.</returns>
    public static TrapDecision Trap(int targetEl) => new(global::SysregGen.TrapOutcome.Trap, targetEl, default);

    /// <summary>An UNDEFINED access, taken to <paramref name="targetEl"/>.</summary>
    /// <param name="targetEl">The EL the exception is taken to.</param>
    /// <returns>The decision.</returns>
    public static TrapDecision Undefined(int targetEl) => new(global::SysregGen.TrapOutcome.Undefined, targetEl, default);

    /// <inheritdoc/>
    public bool Equals(TrapDecision other) => Outcome == other.Outcome && TargetEl == other.TargetEl && Register == other.Register;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TrapDecision other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Outcome << 16) ^ (TargetEl << 12) ^ (int)Register;

    /// <summary>Compares two decisions.</summary>
    public static bool operator ==(TrapDecision left, TrapDecision right) => left.Equals(right);

    /// <summary>Compares two decisions.</summary>
    public static bool operator !=(TrapDecision left, TrapDecision right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Outcome switch
    {
        global::SysregGen.TrapOutcome.Access => $"access {Register} at EL{TargetEl}",
        global::SysregGen.TrapOutcome.Trap => $"trap to EL{TargetEl}",
        _ => $"undefined (to EL{TargetEl})",
    };
}
