namespace SysregGen;

/// <summary>The instruction form of an encoding.</summary>
public enum AccessorKind : byte
{
    /// <summary>AArch64 MRS/MSR (ESR EC 0x18).</summary>
    AArch64 = 0,

    /// <summary>AArch32 MRC/MCR of a 32-bit register (EC 0x03 for p15, 0x05 for p14).</summary>
    AArch32 = 1,

    /// <summary>AArch32 MRRC/MCRR of a 64-bit register (EC 0x04 for p15, 0x0C for p14).</summary>
    AArch32Wide = 2,
}
