namespace SysregGen.Specs.Model;

/// <summary>What a register allows through its own encoding.</summary>
public enum RegisterAccess
{
    /// <summary>Read-only: a write is UNDEFINED.</summary>
    RO,

    /// <summary>Write-only: a read is UNDEFINED.</summary>
    WO,

    /// <summary>Read and write.</summary>
    RW,
}

/// <summary>What a write does to a field.</summary>
public enum FieldAccess
{
    /// <summary>A write sets it; a read returns it.</summary>
    RW,

    /// <summary>A write leaves it unchanged.</summary>
    RO,

    /// <summary>A write sets it; a read returns no meaningful value.</summary>
    WO,
}

/// <summary>The instruction form of an encoding.</summary>
public enum AccessorKind
{
    /// <summary>AArch64 MRS/MSR.</summary>
    AArch64,

    /// <summary>AArch32 MRC/MCR of a 32-bit register.</summary>
    AArch32,

    /// <summary>AArch32 MRRC/MCRR of a 64-bit register.</summary>
    AArch32Wide,
}
