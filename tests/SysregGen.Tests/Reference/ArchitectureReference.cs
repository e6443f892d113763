// ARCHITECTURE REFERENCE FOR THE TESTS. Keep it independent of specs/.
//
// Everything here was transcribed by hand from the architecture reference note
// /work/shared/reference/arm-timer-arch.md:
//   §1.1 (AArch64 encodings), §1.2 (VHE redirections), §2 (AArch32 encodings), §3 (field layouts),
//   §4.5 (trap decision tables), §4.6 (exception syndromes and worked values), §7 items 32-52.
// It was deliberately NOT derived from, generated from or checked against specs/*.json or the generator.
// The generated model is built from specs/, so if the tests compared it with something that also came from
// specs/, a mistake in a spec would be repeated in the expected values and the tests would still pass.
// This file is a second, independent transcription, so a spec error shows up as a test failure.
//
// Rules for editing: change this file only by going back to the architecture text. Never "fix" it to
// match a failing generated value without checking the architecture first.
//
// Model scope (the setting that §7 assumes): AArch64, EL2 implemented and enabled (Non-secure), EL3 NOT
// implemented, so EL2 is the highest implemented EL. FEAT_NV's EL1 paths, Secure state and RME are not
// modelled by Decide: the Secure timers (CNTPS_*, CNTHPS_*, CNTHVS_*) are UNDEFINED at every EL it has
// (§4.5 "Other registers", Non-secure column), and CNTPOFF_EL2 is plain RW at EL2 (no EL3 to trap to).

#nullable enable

using System;
using System.Collections.Generic;

namespace SysregGen.Tests.Reference;

/// <summary>One architectural bit field. Msb == Lsb for a one-bit field.</summary>
public sealed record FieldFacts(string Name, int Msb, int Lsb);

/// <summary>
/// AArch32 (coproc p15) view. CRn and Opc2 are null for the 64-bit MRRC/MCRR registers, where CRm is the only CRn-like
/// operand (always c14 for the timer).
/// </summary>
public sealed record A32Facts(string Name, int Coproc, int Opc1, int? CRn, int CRm, int? Opc2);

/// <summary>
/// AArch64 encoding and named fields of one register. <see cref="Fields"/> is the only layout, or the HCR_EL2.E2H == 0
/// layout when <see cref="E2H1Fields"/> (the E2H == 1 layout) is non-null. Field lists are in ascending bit order;
/// compare them as sets.
/// </summary>
public sealed record RegisterFacts(
    string Name, int Op0, int Op1, int CRn, int CRm, int Op2,
    A32Facts? AArch32, IReadOnlyList<FieldFacts> Fields, IReadOnlyList<FieldFacts>? E2H1Fields = null);

/// <summary>A VHE alias encoding (*_EL02, *_EL12) and the register whose storage it reaches.</summary>
public sealed record AliasFacts(string Name, int Op0, int Op1, int CRn, int CRm, int Op2, string Target);

/// <summary>
/// A worked exception-syndrome value. Register is the architectural name used in the table (AArch32 names for
/// AArch32 instructions). Rt2 is -1 when the instruction has no second register.
/// </summary>
public sealed record EsrFacts(string Instruction, string Register, bool IsRead, int Rt, int Rt2, uint Esr);

public enum RefOutcome
{
    Access,
    Trap,
    Undefined,
}

/// <summary>
/// Result of <see cref="ArchitectureReference.Decide"/>. TargetEl: the EL the exception is taken to (Trap,
/// Undefined) or the accessing EL (Access). AccessedRegister: the register actually reached after VHE redirection
/// (Access only; null otherwise).
/// </summary>
public readonly record struct RefDecision(RefOutcome Outcome, int TargetEl, string? AccessedRegister);

public static class ArchitectureReference
{
    // ------------------------------------------------------------------------------------------------------------
    // §3 field layouts
    // ------------------------------------------------------------------------------------------------------------

    // §3.1 CNTx_CTL
    private static readonly FieldFacts[] CtlFields =
    [
        new("ENABLE", 0, 0),
        new("IMASK", 1, 1),
        new("ISTATUS", 2, 2),
    ];

    // §3.2 CNTx_TVAL: [31:0] TimerValue
    private static readonly FieldFacts[] TvalFields =
    [
        new("TVAL", 31, 0),
    ];

    // §3.2 CNTFRQ_EL0: [31:0] ClockFreq
    private static readonly FieldFacts[] CntfrqFields =
    [
        new("CLOCKFREQ", 31, 0),
    ];

    // §3.2 CVAL, counters, CNTVOFF_EL2: one 64-bit value, no named fields
    private static readonly FieldFacts[] NoFields = [];

    // §3.3 CNTKCTL_EL1 (AArch64 names). Bits 16:10 and 19:18 are RES0 / software-use only, so they are not listed.
    private static readonly FieldFacts[] CntkctlFields =
    [
        new("EL0PCTEN", 0, 0),
        new("EL0VCTEN", 1, 1),
        new("EVNTEN", 2, 2),
        new("EVNTDIR", 3, 3),
        new("EVNTI", 7, 4),
        new("EL0VTEN", 8, 8),
        new("EL0PTEN", 9, 9),
        new("EVNTIS", 17, 17),
    ];

    // §3.4 CNTHCTL_EL2, E2H == 0 layout (bits 8..11 are RES0 in this layout)
    private static readonly FieldFacts[] CnthctlE2H0Fields =
    [
        new("EL1PCTEN", 0, 0),
        new("EL1PCEN", 1, 1),
        new("EVNTEN", 2, 2),
        new("EVNTDIR", 3, 3),
        new("EVNTI", 7, 4),
        new("ECV", 12, 12),
        new("EL1TVT", 13, 13),
        new("EL1TVCT", 14, 14),
        new("EL1NVPCT", 15, 15),
        new("EL1NVVCT", 16, 16),
        new("EVNTIS", 17, 17),
        new("CNTVMASK", 18, 18),
        new("CNTPMASK", 19, 19),
    ];

    // §3.4 CNTHCTL_EL2, E2H == 1 layout (FEAT_VHE)
    private static readonly FieldFacts[] CnthctlE2H1Fields =
    [
        new("EL0PCTEN", 0, 0),
        new("EL0VCTEN", 1, 1),
        new("EVNTEN", 2, 2),
        new("EVNTDIR", 3, 3),
        new("EVNTI", 7, 4),
        new("EL0VTEN", 8, 8),
        new("EL0PTEN", 9, 9),
        new("EL1PCTEN", 10, 10),
        new("EL1PTEN", 11, 11),
        new("ECV", 12, 12),
        new("EL1TVT", 13, 13),
        new("EL1TVCT", 14, 14),
        new("EL1NVPCT", 15, 15),
        new("EL1NVVCT", 16, 16),
        new("EVNTIS", 17, 17),
        new("CNTVMASK", 18, 18),
        new("CNTPMASK", 19, 19),
    ];

    // ------------------------------------------------------------------------------------------------------------
    // §1.1 AArch64 encodings + §2 AArch32 encodings
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>The 30 generic-timer registers, in the order of the §1.1 table.</summary>
    public static IReadOnlyList<RegisterFacts> Registers { get; } =
    [
        //  Name              op0 op1 CRn CRm op2  AArch32 (name, coproc, opc1, CRn, CRm, opc2)
        new("CNTFRQ_EL0",       3, 3, 14, 0, 0, new A32Facts("CNTFRQ", 15, 0, 14, 0, 0), CntfrqFields),
        new("CNTPCT_EL0",       3, 3, 14, 0, 1, new A32Facts("CNTPCT", 15, 0, null, 14, null), NoFields),
        new("CNTVCT_EL0",       3, 3, 14, 0, 2, new A32Facts("CNTVCT", 15, 1, null, 14, null), NoFields),
        new("CNTPCTSS_EL0",     3, 3, 14, 0, 5, new A32Facts("CNTPCTSS", 15, 8, null, 14, null), NoFields),
        new("CNTVCTSS_EL0",     3, 3, 14, 0, 6, new A32Facts("CNTVCTSS", 15, 9, null, 14, null), NoFields),
        new("CNTKCTL_EL1",      3, 0, 14, 1, 0, new A32Facts("CNTKCTL", 15, 0, 14, 1, 0), CntkctlFields),
        new("CNTP_TVAL_EL0",    3, 3, 14, 2, 0, new A32Facts("CNTP_TVAL", 15, 0, 14, 2, 0), TvalFields),
        new("CNTP_CTL_EL0",     3, 3, 14, 2, 1, new A32Facts("CNTP_CTL", 15, 0, 14, 2, 1), CtlFields),
        new("CNTP_CVAL_EL0",    3, 3, 14, 2, 2, new A32Facts("CNTP_CVAL", 15, 2, null, 14, null), NoFields),
        new("CNTV_TVAL_EL0",    3, 3, 14, 3, 0, new A32Facts("CNTV_TVAL", 15, 0, 14, 3, 0), TvalFields),
        new("CNTV_CTL_EL0",     3, 3, 14, 3, 1, new A32Facts("CNTV_CTL", 15, 0, 14, 3, 1), CtlFields),
        new("CNTV_CVAL_EL0",    3, 3, 14, 3, 2, new A32Facts("CNTV_CVAL", 15, 3, null, 14, null), NoFields),
        new("CNTVOFF_EL2",      3, 4, 14, 0, 3, new A32Facts("CNTVOFF", 15, 4, null, 14, null), NoFields),
        new("CNTPOFF_EL2",      3, 4, 14, 0, 6, null, NoFields),
        new("CNTHCTL_EL2",      3, 4, 14, 1, 0, new A32Facts("CNTHCTL", 15, 4, 14, 1, 0), CnthctlE2H0Fields, CnthctlE2H1Fields),
        new("CNTHP_TVAL_EL2",   3, 4, 14, 2, 0, new A32Facts("CNTHP_TVAL", 15, 4, 14, 2, 0), TvalFields),
        new("CNTHP_CTL_EL2",    3, 4, 14, 2, 1, new A32Facts("CNTHP_CTL", 15, 4, 14, 2, 1), CtlFields),
        new("CNTHP_CVAL_EL2",   3, 4, 14, 2, 2, new A32Facts("CNTHP_CVAL", 15, 6, null, 14, null), NoFields),
        // §2: the architecture has no AArch32 CNTHV_* (QEMU's p15,4,c14,c3,{0,1} registration is a quirk).
        new("CNTHV_TVAL_EL2",   3, 4, 14, 3, 0, null, TvalFields),
        new("CNTHV_CTL_EL2",    3, 4, 14, 3, 1, null, CtlFields),
        new("CNTHV_CVAL_EL2",   3, 4, 14, 3, 2, null, NoFields),
        // §1.1: the Secure timers (the §1.1 rows CNTHVS_*, CNTHPS_*, CNTPS_*); §2 lists no AArch32 encodings for them.
        new("CNTHVS_TVAL_EL2",  3, 4, 14, 4, 0, null, TvalFields),
        new("CNTHVS_CTL_EL2",   3, 4, 14, 4, 1, null, CtlFields),
        new("CNTHVS_CVAL_EL2",  3, 4, 14, 4, 2, null, NoFields),
        new("CNTHPS_TVAL_EL2",  3, 4, 14, 5, 0, null, TvalFields),
        new("CNTHPS_CTL_EL2",   3, 4, 14, 5, 1, null, CtlFields),
        new("CNTHPS_CVAL_EL2",  3, 4, 14, 5, 2, null, NoFields),
        new("CNTPS_TVAL_EL1",   3, 7, 14, 2, 0, null, TvalFields),
        new("CNTPS_CTL_EL1",    3, 7, 14, 2, 1, null, CtlFields),
        new("CNTPS_CVAL_EL1",   3, 7, 14, 2, 2, null, NoFields),
    ];

    /// <summary>§1.1 / §1.2: the VHE alias encodings (op1 = 5) and the EL1/EL0 register each one reaches.</summary>
    public static IReadOnlyList<AliasFacts> Aliases { get; } =
    [
        new("CNTKCTL_EL12",   3, 5, 14, 1, 0, "CNTKCTL_EL1"),
        new("CNTP_TVAL_EL02", 3, 5, 14, 2, 0, "CNTP_TVAL_EL0"),
        new("CNTP_CTL_EL02",  3, 5, 14, 2, 1, "CNTP_CTL_EL0"),
        new("CNTP_CVAL_EL02", 3, 5, 14, 2, 2, "CNTP_CVAL_EL0"),
        new("CNTV_TVAL_EL02", 3, 5, 14, 3, 0, "CNTV_TVAL_EL0"),
        new("CNTV_CTL_EL02",  3, 5, 14, 3, 1, "CNTV_CTL_EL0"),
        new("CNTV_CVAL_EL02", 3, 5, 14, 3, 2, "CNTV_CVAL_EL0"),
    ];

    // ------------------------------------------------------------------------------------------------------------
    // §4.6 worked syndromes (also §7 items 32, 39, 48, 50, 51, 52, which repeat rows of the table)
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>§4.6: ESR for an UNDEFINED instruction (EC 0x00, IL 1, ISS 0). §7 item 41.</summary>
    public const uint UndefinedEsr = 0x0200_0000;

    /// <summary>
    /// The "Worked values" table of §4.6, row by row. AArch32 rows carry QEMU's CV=1, COND=0xE. The CNTPOFF_EL2 row
    /// (§7 item 48, a trap to EL3) names a register that is not in <see cref="Registers"/>.
    /// </summary>
    public static IReadOnlyList<EsrFacts> WorkedSyndromes { get; } =
    [
        //   Instruction                         Register          IsRead  Rt  Rt2  ESR
        new("MRS X0, CNTPCT_EL0",               "CNTPCT_EL0",      true,   0,  -1, 0x6232F801),
        new("MSR CNTP_CTL_EL0, X1",             "CNTP_CTL_EL0",    false,  1,  -1, 0x6232F824),
        new("MRS X2, CNTV_CVAL_EL0",            "CNTV_CVAL_EL0",   true,   2,  -1, 0x6234F847),
        new("MRS X2, CNTVCT_EL0",               "CNTVCT_EL0",      true,   2,  -1, 0x6234F841), // §7 item 32
        new("MSR CNTV_TVAL_EL0, X3",            "CNTV_TVAL_EL0",   false,  3,  -1, 0x6230F866),
        new("MRS X30, CNTVCT_EL0",              "CNTVCT_EL0",      true,  30,  -1, 0x6234FBC1),
        new("MRS X5, CNTFRQ_EL0",               "CNTFRQ_EL0",      true,   5,  -1, 0x6230F8A1), // §7 item 39
        new("MRS X0, CNTPCTSS_EL0",             "CNTPCTSS_EL0",    true,   0,  -1, 0x623AF801),
        new("MSR CNTPOFF_EL2, X4",              "CNTPOFF_EL2",     false,  4,  -1, 0x623D3880), // §7 item 48 (to EL3)
        new("MRC p15,0,R0,c14,c2,1",            "CNTP_CTL",        true,   0,  -1, 0x0FE23805), // §7 item 51
        new("MCR p15,0,R2,c14,c3,0",            "CNTV_TVAL",       false,  2,  -1, 0x0FE03846),
        new("MRC p15,0,R1,c14,c0,0",            "CNTFRQ",          true,   1,  -1, 0x0FE03821),
        new("MRRC p15,0,R0,R1,c14",             "CNTPCT",          true,   0,   1, 0x13E0041D),
        new("MRRC p15,1,R0,R1,c14",             "CNTVCT",          true,   0,   1, 0x13E1041D), // §7 item 50
        new("MRRC p15,1,R4,R5,c14",             "CNTVCT",          true,   4,   5, 0x13E1149D),
        new("MCRR p15,2,R2,R3,c14",             "CNTP_CVAL",       false,  2,   3, 0x13E20C5C), // §7 item 52
    ];

    // ------------------------------------------------------------------------------------------------------------
    // §4.5 + §1.2: reference trap decision
    // ------------------------------------------------------------------------------------------------------------

    // §1.2: CNTP_* at EL2 with E2H==1, or at EL0 with E2H==TGE==1, reaches the EL2 physical timer.
    private static readonly Dictionary<string, string> PhysicalTimerRedirect = new(StringComparer.Ordinal)
    {
        ["CNTP_TVAL_EL0"] = "CNTHP_TVAL_EL2",
        ["CNTP_CTL_EL0"] = "CNTHP_CTL_EL2",
        ["CNTP_CVAL_EL0"] = "CNTHP_CVAL_EL2",
    };

    // §1.2: CNTV_* at EL2 with E2H==1, or at EL0 with E2H==TGE==1, reaches the EL2 virtual timer.
    private static readonly Dictionary<string, string> VirtualTimerRedirect = new(StringComparer.Ordinal)
    {
        ["CNTV_TVAL_EL0"] = "CNTHV_TVAL_EL2",
        ["CNTV_CTL_EL0"] = "CNTHV_CTL_EL2",
        ["CNTV_CVAL_EL0"] = "CNTHV_CVAL_EL2",
    };

    // §1.2: *_EL02 / CNTKCTL_EL12 at EL2 with E2H==1 reach the real EL1/EL0 registers.
    private static readonly Dictionary<string, string> AliasTarget = new(StringComparer.Ordinal)
    {
        ["CNTKCTL_EL12"] = "CNTKCTL_EL1",
        ["CNTP_TVAL_EL02"] = "CNTP_TVAL_EL0",
        ["CNTP_CTL_EL02"] = "CNTP_CTL_EL0",
        ["CNTP_CVAL_EL02"] = "CNTP_CVAL_EL0",
        ["CNTV_TVAL_EL02"] = "CNTV_TVAL_EL0",
        ["CNTV_CTL_EL02"] = "CNTV_CTL_EL0",
        ["CNTV_CVAL_EL02"] = "CNTV_CVAL_EL0",
    };

    /// <summary>
    /// Reference trap decision for one MRS/MSR, transcribed from the §4.5 tables (first matching row wins) and
    /// §1.2. <paramref name="register"/> is the AArch64 name of the encoding the instruction uses (the 30
    /// <see cref="Registers"/> and the 7 <see cref="Aliases"/>). EL2 is implemented and enabled (Non-secure), there
    /// is no EL3, and FEAT_NV is not implemented. <paramref name="e2h"/>/<paramref name="tge"/> are HCR_EL2.E2H/TGE.
    /// Without FEAT_VHE, HCR_EL2.E2H is RES0, so <paramref name="e2h"/> is then treated as 0.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown register name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="el"/> is not 0, 1 or 2.</exception>
    public static RefDecision Decide(
        string register, bool isWrite, int el, bool e2h, bool tge, ulong cnthctl, ulong cntkctl, bool hasEcv,
        bool hasVhe = true)
    {
        ArgumentNullException.ThrowIfNull(register);
        if (el is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(el), el, "This model has EL0, EL1 and EL2 only (no EL3).");
        }

        bool isKnown = AliasTarget.ContainsKey(register);
        foreach (var r in Registers)
        {
            isKnown |= r.Name == register;
        }

        if (!isKnown)
        {
            throw new ArgumentException($"Unknown register '{register}'.", nameof(register));
        }

        // Notation of §4.5. E2H/TGE are the effective bits; E2H is RES0 (reads 0) without FEAT_VHE.
        int E2H = e2h && hasVhe ? 1 : 0;
        int TGE = tge ? 1 : 0;
        const bool EL2en = true;                   // EL2 implemented and enabled, Non-secure
        bool InHost0 = el == 0 && E2H == 1 && TGE == 1;
        int H(int bit) => (int)((cnthctl >> bit) & 1); // H = CNTHCTL_EL2
        int K(int bit) => (int)((cntkctl >> bit) & 1); // K = CNTKCTL_EL1

        // T1: trap to EL1, routed to EL2 when TGE==1 (only EL0 accesses ever take T1).
        RefDecision T1() => new(RefOutcome.Trap, el == 0 && TGE == 1 ? 2 : 1, null);
        RefDecision T2() => new(RefOutcome.Trap, 2, null);
        RefDecision UND() => new(RefOutcome.Undefined, el == 0 ? (TGE == 1 ? 2 : 1) : el, null);
        RefDecision Access(string reached) => new(RefOutcome.Access, el, reached);

        // ---- (a) UNDEFINED for static reasons ------------------------------------------------------------------

        switch (register)
        {
            // §1.1 Feature column: FEAT_ECV
            case "CNTPCTSS_EL0" or "CNTVCTSS_EL0" or "CNTPOFF_EL2" when !hasEcv:
                return UND();

            // §4.5 "Other registers", Non-secure: the Secure timers are UND at EL0, EL1 and EL2.
            case "CNTPS_TVAL_EL1" or "CNTPS_CTL_EL1" or "CNTPS_CVAL_EL1"
                or "CNTHPS_TVAL_EL2" or "CNTHPS_CTL_EL2" or "CNTHPS_CVAL_EL2"
                or "CNTHVS_TVAL_EL2" or "CNTHVS_CTL_EL2" or "CNTHVS_CVAL_EL2":
                return UND();

            // §1.1 Feature column: FEAT_VHE
            case "CNTHV_TVAL_EL2" or "CNTHV_CTL_EL2" or "CNTHV_CVAL_EL2" when !hasVhe:
                return UND();
            case "CNTKCTL_EL12" or "CNTP_TVAL_EL02" or "CNTP_CTL_EL02" or "CNTP_CVAL_EL02"
                or "CNTV_TVAL_EL02" or "CNTV_CTL_EL02" or "CNTV_CVAL_EL02" when !hasVhe:
                return UND();
        }

        switch (register)
        {
            // §4.5 "Other registers": EL2 registers are UND at EL0 and EL1 (no FEAT_NV).
            case "CNTVOFF_EL2" or "CNTPOFF_EL2" or "CNTHCTL_EL2"
                or "CNTHP_TVAL_EL2" or "CNTHP_CTL_EL2" or "CNTHP_CVAL_EL2"
                or "CNTHV_TVAL_EL2" or "CNTHV_CTL_EL2" or "CNTHV_CVAL_EL2" when el < 2:
                return UND();

            // §4.5: CNTKCTL_EL1 is UND at EL0.
            case "CNTKCTL_EL1" when el < 1:
                return UND();

            // §1.2 / §4.5: *_EL02 / *_EL12 need EL2 with E2H==1 (EL1 would be the FEAT_NV path: not modelled).
            case "CNTKCTL_EL12" or "CNTP_TVAL_EL02" or "CNTP_CTL_EL02" or "CNTP_CVAL_EL02"
                or "CNTV_TVAL_EL02" or "CNTV_CTL_EL02" or "CNTV_CVAL_EL02" when el < 2 || E2H == 0:
                return UND();

            // §1.1: counters are read-only; MSR is UNDEFINED.
            case "CNTPCT_EL0" or "CNTVCT_EL0" or "CNTPCTSS_EL0" or "CNTVCTSS_EL0" when isWrite:
                return UND();

            // §1.1 / §4.5: CNTFRQ_EL0 is writable only at the highest implemented EL (EL2 here).
            case "CNTFRQ_EL0" when isWrite && el < 2:
                return UND();
        }

        // ---- (b) traps, §4.5 tables in order, first hit wins; (c) access with §1.2 redirection ----------------

        switch (register)
        {
            // Physical counter: CNTPCT_EL0, CNTPCTSS_EL0 (read only)
            case "CNTPCT_EL0" or "CNTPCTSS_EL0":
                if (el == 0)
                {
                    if (!InHost0 && K(0) == 0) return T1();                  // K.EL0PCTEN
                    if (EL2en && E2H == 0 && H(0) == 0) return T2();         // H[0] EL1PCTEN
                    if (E2H == 1 && TGE == 0 && H(10) == 0) return T2();     // H[10] EL1PCTEN
                    if (InHost0 && H(0) == 0) return T2();                   // H[0] EL0PCTEN
                    return Access(register);
                }

                if (el == 1)
                {
                    if (EL2en && (E2H == 1 ? H(10) : H(0)) == 0) return T2();
                    return Access(register);
                }

                return Access(register);                                     // EL2

            // Virtual counter: CNTVCT_EL0, CNTVCTSS_EL0 (read only)
            case "CNTVCT_EL0" or "CNTVCTSS_EL0":
                if (el == 0)
                {
                    if (!InHost0 && K(1) == 0) return T1();                  // K.EL0VCTEN
                    if (InHost0 && H(1) == 0) return T2();                   // H[1] EL0VCTEN
                    if (hasEcv && EL2en && !InHost0 && H(14) == 1) return T2(); // H.EL1TVCT
                    return Access(register);
                }

                if (el == 1)
                {
                    if (hasEcv && EL2en && H(14) == 1) return T2();          // H.EL1TVCT
                    return Access(register);
                }

                return Access(register);                                     // EL2

            // CNTFRQ_EL0 (writes below EL2 were UNDEFINED in (a))
            case "CNTFRQ_EL0":
                if (!isWrite && el == 0)
                {
                    if (!InHost0 && K(1) == 0 && K(0) == 0) return T1();     // K[1:0] == 00
                    if (InHost0 && H(1) == 0 && H(0) == 0) return T2();      // H[1:0] == 00
                }

                return Access(register);

            // EL1 physical timer: CNTP_CTL_EL0, CNTP_CVAL_EL0, CNTP_TVAL_EL0
            case "CNTP_TVAL_EL0" or "CNTP_CTL_EL0" or "CNTP_CVAL_EL0":
                if (el == 0)
                {
                    if (!InHost0 && K(9) == 0) return T1();                  // K.EL0PTEN
                    if (EL2en && E2H == 0 && H(1) == 0) return T2();         // H[1] EL1PCEN
                    if (E2H == 1 && TGE == 0 && H(11) == 0) return T2();     // H[11] EL1PTEN
                    if (InHost0 && H(9) == 0) return T2();                   // H[9] EL0PTEN
                    if (InHost0) return Access(PhysicalTimerRedirect[register]); // CNTHP_*
                    return Access(register);                                 // CNTP_*
                }

                if (el == 1)
                {
                    if (EL2en && (E2H == 1 ? H(11) : H(1)) == 0) return T2();
                    return Access(register);
                }

                if (E2H == 1) return Access(PhysicalTimerRedirect[register]); // EL2: CNTHP_*
                return Access(register);                                     // EL2: CNTP_*

            // EL1 virtual timer: CNTV_CTL_EL0, CNTV_CVAL_EL0, CNTV_TVAL_EL0
            case "CNTV_TVAL_EL0" or "CNTV_CTL_EL0" or "CNTV_CVAL_EL0":
                if (el == 0)
                {
                    if (!InHost0 && K(8) == 0) return T1();                  // K.EL0VTEN
                    if (InHost0 && H(8) == 0) return T2();                   // H[8] EL0VTEN
                    if (hasEcv && EL2en && !InHost0 && H(13) == 1) return T2(); // H.EL1TVT
                    if (InHost0) return Access(VirtualTimerRedirect[register]); // CNTHV_*
                    return Access(register);                                 // CNTV_*
                }

                if (el == 1)
                {
                    if (hasEcv && EL2en && H(13) == 1) return T2();          // H.EL1TVT
                    return Access(register);
                }

                if (E2H == 1) return Access(VirtualTimerRedirect[register]);  // EL2: CNTHV_*
                return Access(register);                                     // EL2: CNTV_*

            // Other registers: CNTKCTL_EL1 is RW at EL1; at EL2 with E2H==1 it reaches CNTHCTL_EL2.
            case "CNTKCTL_EL1":
                if (el == 2 && E2H == 1) return Access("CNTHCTL_EL2");
                return Access(register);

            // Other registers: *_EL02 / CNTKCTL_EL12 at EL2 with E2H==1 reach the EL1/EL0 registers.
            case "CNTKCTL_EL12" or "CNTP_TVAL_EL02" or "CNTP_CTL_EL02" or "CNTP_CVAL_EL02"
                or "CNTV_TVAL_EL02" or "CNTV_CTL_EL02" or "CNTV_CVAL_EL02":
                return Access(AliasTarget[register]);

            // Other registers: CNTVOFF_EL2, CNTPOFF_EL2, CNTHCTL_EL2, CNTHP_*, CNTHV_* are plain RW at EL2.
            default:
                return Access(register);
        }
    }
}
