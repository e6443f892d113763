using SysregGen.Registers;

namespace SysregGen.Simulation.Cpu;

/// <summary>What became of a guest's register access.</summary>
public enum GuestAccessOutcome
{
    /// <summary>The access completed (directly, or trapped to EL2 and emulated); a read has its value.</summary>
    Completed,

    /// <summary>The access trapped to the guest's own EL1 (for example an EL0 access CNTKCTL_EL1 forbids) and had no effect.</summary>
    TrappedToGuest,

    /// <summary>The access was UNDEFINED and had no effect.</summary>
    Undefined,
}

/// <summary>The result of <see cref="GuestCpu.Execute"/>.</summary>
public readonly record struct GuestAccessResult
{
    private GuestAccessResult(GuestAccessOutcome outcome, ulong value, int targetEl, uint? esr)
    {
        Outcome = outcome;
        Value = value;
        TargetEl = targetEl;
        Esr = esr;
    }

    /// <summary>What happened.</summary>
    public GuestAccessOutcome Outcome { get; }

    /// <summary>For a completed read, the value the guest's register receives (MRC: zero-extended 32 bits; MRRC: Rt2:Rt).</summary>
    public ulong Value { get; }

    /// <summary>The EL that took the exception, for a trap or UNDEF; 0 otherwise.</summary>
    public int TargetEl { get; }

    /// <summary>The syndrome: of the trap to EL2 that the hypervisor emulated (for a completed access), of the trap to the guest's EL1, or 0x0200_0000 for UNDEF; null for a direct access.</summary>
    public uint? Esr { get; }

    /// <summary>Whether the access trapped to EL2 and the hypervisor emulated it.</summary>
    public bool Emulated => Outcome == GuestAccessOutcome.Completed && Esr is not null;

    internal static GuestAccessResult Completed(ulong value, uint? esr) => new(GuestAccessOutcome.Completed, value, 0, esr);

    internal static GuestAccessResult TrappedToGuest(int targetEl, uint esr) => new(GuestAccessOutcome.TrappedToGuest, 0, targetEl, esr);

    internal static GuestAccessResult Undefined(int targetEl) => new(GuestAccessOutcome.Undefined, 0, targetEl, SysregGen.Esr.Undefined);
}

/// <summary>The architecture's answer to a guest access, before anything changes (<see cref="GuestCpu.Decide"/>).</summary>
/// <param name="Outcome">Whether the access completes, traps or is UNDEFINED.</param>
/// <param name="TargetEl">The EL that takes the trap or UNDEF; the guest's EL for an access.</param>
/// <param name="Esr">The syndrome of the trap (EC 0x18/0x03/0x04…), 0x0200_0000 for UNDEF, 0 for an access.</param>
/// <param name="Register">For an access, the register it reaches.</param>
public readonly record struct GuestTrap(TrapOutcome Outcome, int TargetEl, uint Esr, Sysreg Register)
{
    internal static GuestTrap Undefined(int targetEl) => new(TrapOutcome.Undefined, targetEl, SysregGen.Esr.Undefined, default);
}
