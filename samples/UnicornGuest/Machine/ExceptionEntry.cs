using UnicornGuest.Unicorn;

namespace UnicornGuest.Machine;

/// <summary>
/// Takes an exception to EL1 the way the architecture does (ARM ARM D1.3.1, "Exception entry"),
/// because Unicorn stops instead of delivering one: SPSR_EL1 gets PSTATE as it was (IL included),
/// ELR_EL1 the preferred return address, ESR_EL1 the syndrome (synchronous exceptions only); then
/// PSTATE gets DAIF set, IL and SS cleared, EL1 with SP_EL1 (EL1h), NZCV kept; and the PC goes to
/// VBAR_EL1 plus the vector's offset.
/// </summary>
internal static class ExceptionEntry
{
    /// <summary>Current EL with SP_ELx: synchronous.</summary>
    public const ulong SyncOffset = 0x200;

    /// <summary>Current EL with SP_ELx: IRQ.</summary>
    public const ulong IrqOffset = 0x280;

    /// <summary>PSTATE.I (and SPSR.I).</summary>
    public const ulong PstateI = 1UL << 7;

    /// <summary>PSTATE.IL: the illegal-execution-state bit.</summary>
    public const ulong PstateIl = 1UL << 20;

    /// <summary>D, A, I and F set; M[3:0] = 0b0101, EL1h.</summary>
    public const ulong El1hMasked = 0x3C5;

    private const ulong Nzcv = 0xF000_0000;

    /// <summary>Takes the exception; returns the new PC (already written).</summary>
    /// <param name="uc">The engine.</param>
    /// <param name="offset">The vector's offset from VBAR_EL1.</param>
    /// <param name="returnAddress">ELR_EL1: the faulting instruction (UNDEF), or the next one to run (IRQ).</param>
    /// <param name="esr">ESR_EL1 for a synchronous exception, or null (an IRQ leaves ESR_EL1 alone).</param>
    /// <returns>The PC of the vector.</returns>
    public static ulong Take(UcEngine uc, ulong offset, ulong returnAddress, ulong? esr)
    {
        ulong pstate = uc.ReadReg(UcConst.RegPstate);
        ulong vbar = uc.ReadSysreg(3, 0, 12, 0, 0);                    // VBAR_EL1
        uc.WriteSysreg(3, 0, 4, 0, 0, pstate);                          // SPSR_EL1: the old PSTATE, IL included
        uc.WriteSysreg(3, 0, 4, 0, 1, returnAddress);                   // ELR_EL1
        if (esr is ulong syndrome)
        {
            uc.WriteSysreg(3, 0, 5, 2, 0, syndrome);                    // ESR_EL1
        }

        uc.WriteReg(UcConst.RegPstate, (pstate & Nzcv) | El1hMasked);   // IL, SS, BTYPE cleared
        ulong pc = vbar + offset;
        uc.WriteReg(UcConst.RegPc, pc);
        return pc;
    }
}
