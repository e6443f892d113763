namespace SysregGen;

/// <summary>What became of a trapped access handed to a handler, a dispatcher or the runtime.</summary>
public enum AccessOutcome : byte
{
    /// <summary>The access was emulated; the caller skips the instruction (and, for a read, writes the value to the guest's register).</summary>
    Handled = 0,

    /// <summary>The access is architecturally UNDEFINED (a write to a read-only register, a read of a write-only one…); the caller injects an undefined-instruction exception.</summary>
    Undefined = 1,

    /// <summary>The register is not one this handler emulates: the caller handles it another way, or injects an UNDEF if nothing does.</summary>
    Unhandled = 2,

    /// <summary>The syndrome is not a trapped system-register access (another exception class: HVC, a data abort, WFI…). Only entry points that take a syndrome return it.</summary>
    NotSysregTrap = 3,
}

/// <summary>Where an access goes, as the architecture decides it before any register changes.</summary>
public enum TrapOutcome : byte
{
    /// <summary>The access completes at the accessing EL on the register named by the decision.</summary>
    Access = 0,

    /// <summary>The access traps to a higher EL with a system-register syndrome.</summary>
    Trap = 1,

    /// <summary>The access is UNDEFINED (ESR EC 0x00).</summary>
    Undefined = 2,
}
