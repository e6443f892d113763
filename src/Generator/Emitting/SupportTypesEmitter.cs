namespace SysregGen.Generator.Emitting;

/// <summary>
/// The types every generated model has whatever its specs say: the vocabulary of the dispatch table
/// (timers and timer registers keyed by meaning, as KVM's <c>access_arch_timer</c> is), accesses,
/// outcomes and syndrome helpers.
/// </summary>
internal static class SupportTypesEmitter
{
    public static string Emit(string @namespace)
    {
        var w = new IndentedWriter();
        Format.Header(w, @namespace);
        string gc = Format.GeneratedCodeAttribute;

        w.Line("/// <summary>The timers of a vCPU, in the order of KVM's <c>enum kvm_arch_timers</c>.</summary>");
        w.Line(gc);
        w.Open("public enum TimerId : byte");
        w.Summary("The EL1 physical timer (CNTP_*), PPI 30 by default.");
        w.Line("Physical = 0,");
        w.Summary("The EL1 virtual timer (CNTV_*), PPI 27 by default.");
        w.Line("Virtual = 1,");
        w.Summary("The EL2 virtual timer (CNTHV_*), PPI 28 by default.");
        w.Line("HypVirtual = 2,");
        w.Summary("The EL2 physical timer (CNTHP_*), PPI 26 by default.");
        w.Line("HypPhysical = 3,");
        w.Close();
        w.Line();

        w.Line("/// <summary>Which register of a timer an access means, in the order of KVM's <c>TIMER_REG_*</c>.</summary>");
        w.Line(gc);
        w.Open("public enum TimerRegister : byte");
        w.Summary("The counter the timer compares against (CNTPCT, CNTVCT and their self-synchronised forms).");
        w.Line("Count = 0,");
        w.Summary("The 64-bit compare value.");
        w.Line("Cval = 1,");
        w.Summary("The signed 32-bit timer value view: CVAL minus the count.");
        w.Line("Tval = 2,");
        w.Summary("The control register: ENABLE, IMASK, ISTATUS.");
        w.Line("Ctl = 3,");
        w.Close();
        w.Line();

        w.Summary("The instruction form an accessor uses.");
        w.Line(gc);
        w.Open("public enum AccessorKind : byte");
        w.Summary("AArch64 MRS/MSR (ESR EC 0x18).");
        w.Line("AArch64 = 0,");
        w.Summary("AArch32 MRC/MCR of a 32-bit register (EC 0x03 for p15, 0x05 for p14).");
        w.Line("AArch32 = 1,");
        w.Summary("AArch32 MRRC/MCRR of a 64-bit register (EC 0x04 for p15, 0x0C for p14).");
        w.Line("AArch32Wide = 2,");
        w.Close();
        w.Line();

        w.Summary("What a field allows a write to do.");
        w.Line(gc);
        w.Open("public enum FieldAccess : byte");
        w.Summary("Read and written.");
        w.Line("RW = 0,");
        w.Summary("Read-only: a write leaves it unchanged.");
        w.Line("RO = 1,");
        w.Summary("Write-only.");
        w.Line("WO = 2,");
        w.Close();
        w.Line();

        w.Summary("What a handler did with a trapped access.");
        w.Line(gc);
        w.Open("public enum AccessOutcome : byte");
        w.Summary("The access was emulated; the caller skips the instruction (and, for a read, writes the value to the guest's register).");
        w.Line("Handled = 0,");
        w.Summary("The access is UNDEFINED; the caller injects an undefined-instruction exception.");
        w.Line("Undefined = 1,");
        w.Close();
        w.Line();

        w.Summary("Where an access goes, as the architecture decides it before any register changes.");
        w.Line(gc);
        w.Open("public enum TrapOutcome : byte");
        w.Summary("The access completes at the accessing EL on the register named by the decision.");
        w.Line("Access = 0,");
        w.Summary("The access traps to a higher EL with a system-register syndrome.");
        w.Line("Trap = 1,");
        w.Summary("The access is UNDEFINED (ESR EC 0x00).");
        w.Line("Undefined = 2,");
        w.Close();
        w.Line();

        w.Line("/// <summary>The result of <see cref=\"TrapDecisions.Decide\"/>.</summary>");
        w.Line(gc);
        w.Open("public readonly struct TrapDecision : global::System.IEquatable<TrapDecision>");
        w.Line("private TrapDecision(TrapOutcome outcome, int targetEl, Sysreg register)");
        w.Line("{");
        w.Line("    Outcome = outcome;");
        w.Line("    TargetEl = targetEl;");
        w.Line("    Register = register;");
        w.Line("}");
        w.Line();
        w.Summary("Whether the access completes, traps or is UNDEFINED.");
        w.Line("public TrapOutcome Outcome { get; }");
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
        w.Line("public static TrapDecision Access(Sysreg register, int el) => new(TrapOutcome.Access, el, register);");
        w.Line();
        w.Line("/// <summary>An access that traps to <paramref name=\"targetEl\"/>.</summary>");
        w.Line("/// <param name=\"targetEl\">The EL the trap is taken to.</param>");
        w.Line("/// <returns>The decision.</returns>");
        w.Line("public static TrapDecision Trap(int targetEl) => new(TrapOutcome.Trap, targetEl, default);");
        w.Line();
        w.Line("/// <summary>An UNDEFINED access, taken to <paramref name=\"targetEl\"/>.</summary>");
        w.Line("/// <param name=\"targetEl\">The EL the exception is taken to.</param>");
        w.Line("/// <returns>The decision.</returns>");
        w.Line("public static TrapDecision Undefined(int targetEl) => new(TrapOutcome.Undefined, targetEl, default);");
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
        w.Line("    TrapOutcome.Access => $\"access {Register} at EL{TargetEl}\",");
        w.Line("    TrapOutcome.Trap => $\"trap to EL{TargetEl}\",");
        w.Line("    _ => $\"undefined (to EL{TargetEl})\",");
        w.Line("};");
        w.Close();
        w.Line();

        w.Summary("One trapped system-register access: which accessor, which direction, and the data moved.");
        w.Line(gc);
        w.Open("public struct SysregAccess");
        w.Summary("Creates an access.");
        w.Line("/// <param name=\"accessor\">The encoding used.</param>");
        w.Line("/// <param name=\"isWrite\">True for MSR/MCR/MCRR, false for MRS/MRC/MRRC.</param>");
        w.Line("/// <param name=\"value\">For a write, the value written.</param>");
        w.Line("/// <param name=\"rt\">The transfer register from the syndrome.</param>");
        w.Line("/// <param name=\"rt2\">The second transfer register of MRRC/MCRR, or -1.</param>");
        w.Line("public SysregAccess(SysregAccessor accessor, bool isWrite, ulong value = 0, int rt = 0, int rt2 = -1)");
        w.Line("{");
        w.Line("    Accessor = accessor;");
        w.Line("    IsWrite = isWrite;");
        w.Line("    Value = value;");
        w.Line("    Rt = rt;");
        w.Line("    Rt2 = rt2;");
        w.Line("}");
        w.Line();
        w.Summary("The encoding the guest used.");
        w.Line("public SysregAccessor Accessor { get; }");
        w.Line();
        w.Summary("True for a write (MSR, MCR, MCRR).");
        w.Line("public bool IsWrite { get; }");
        w.Line();
        w.Summary("For a write, the value written (MCR: the 32-bit Rt, zero-extended; MCRR: Rt2:Rt). For a read, the handler stores the result here.");
        w.Line("public ulong Value { get; set; }");
        w.Line();
        w.Summary("The general-purpose register of the transfer (Rt).");
        w.Line("public int Rt { get; }");
        w.Line();
        w.Summary("The second transfer register of MRRC/MCRR (Rt2, the high word), or -1.");
        w.Line("public int Rt2 { get; }");
        w.Close();
        w.Line();

        w.Summary("Handles the accesses the dispatcher decodes, keyed by what they mean rather than by encoding.");
        w.Line(gc);
        w.Open("public interface ISysregAccessHandler");
        w.Summary("An access to a timer register: every encoding of it (AArch64, the VHE *_EL02 alias, AArch32) lands here.");
        w.Line("/// <param name=\"timer\">Which timer.</param>");
        w.Line("/// <param name=\"register\">Which of its registers.</param>");
        w.Line("/// <param name=\"access\">The access; a read stores its result in <see cref=\"SysregAccess.Value\"/>.</param>");
        w.Line("/// <returns>Handled, or Undefined for the caller to inject an UNDEF.</returns>");
        w.Line("AccessOutcome AccessTimer(TimerId timer, TimerRegister register, ref SysregAccess access);");
        w.Line();
        w.Summary("An access to a register that is not one of the timers' (CNTFRQ_EL0, CNTKCTL_EL1, CNTHCTL_EL2, CNTVOFF_EL2, …).");
        w.Line("/// <param name=\"register\">The register.</param>");
        w.Line("/// <param name=\"access\">The access; a read stores its result in <see cref=\"SysregAccess.Value\"/>.</param>");
        w.Line("/// <returns>Handled, or Undefined for the caller to inject an UNDEF.</returns>");
        w.Line("AccessOutcome AccessRegister(Sysreg register, ref SysregAccess access);");
        w.Close();
        w.Line();

        EmitEsr(w, gc);

        w.Close();
        return w.ToString();
    }

    private static void EmitEsr(IndentedWriter w, string gc)
    {
        w.Summary("Exception syndrome (ESR_ELx) fields and the syndromes of trapped system-register accesses.");
        w.Line(gc);
        w.Open("public static class Esr");
        w.Summary("EC 0x00: unknown reason, used for UNDEFINED instructions.");
        w.Line("public const uint EcUnknown = 0x00;");
        w.Summary("EC 0x03: trapped MCR/MRC to coprocessor p15.");
        w.Line("public const uint EcMcrMrcCp15 = 0x03;");
        w.Summary("EC 0x04: trapped MCRR/MRRC to coprocessor p15.");
        w.Line("public const uint EcMcrrMrrcCp15 = 0x04;");
        w.Summary("EC 0x05: trapped MCR/MRC to coprocessor p14.");
        w.Line("public const uint EcMcrMrcCp14 = 0x05;");
        w.Summary("EC 0x0C: trapped MRRC to coprocessor p14.");
        w.Line("public const uint EcMrrcCp14 = 0x0C;");
        w.Summary("EC 0x18: trapped MSR/MRS or system instruction (AArch64).");
        w.Line("public const uint EcSysreg = 0x18;");
        w.Summary("The syndrome of an UNDEFINED instruction: EC 0x00, IL 1, ISS 0.");
        w.Line("public const uint Undefined = 0x0200_0000;");
        w.Line();
        w.Summary("The exception class, ESR[31:26].");
        w.Line("/// <param name=\"esr\">The syndrome.</param>");
        w.Line("/// <returns>The EC.</returns>");
        w.Line("public static uint Ec(ulong esr) => (uint)(esr >> 26) & 0x3F;");
        w.Line();
        w.Summary("The instruction-specific syndrome, ESR[24:0].");
        w.Line("/// <param name=\"esr\">The syndrome.</param>");
        w.Line("/// <returns>The ISS.</returns>");
        w.Line("public static uint Iss(ulong esr) => (uint)esr & 0x01FF_FFFF;");
        w.Line();
        w.Summary("The syndrome a trapped access reports: IL = 1; for AArch32, CV = 1 and COND = 0xE (the access passed its condition check before it could trap).");
        w.Line("/// <param name=\"accessor\">The encoding used.</param>");
        w.Line("/// <param name=\"isRead\">True for MRS/MRC/MRRC.</param>");
        w.Line("/// <param name=\"rt\">The transfer register.</param>");
        w.Line("/// <param name=\"rt2\">The second transfer register of MRRC/MCRR.</param>");
        w.Line("/// <returns>The 32-bit ESR value.</returns>");
        w.Open("public static uint ForAccess(SysregAccessor accessor, bool isRead, int rt, int rt2 = 0)");
        w.Line("ref readonly SysregAccessorInfo info = ref SysregTable.Get(accessor);");
        w.Line("uint dir = isRead ? 1u : 0u;");
        w.Line("uint rtBits = ((uint)rt & 0x1F) << 5;");
        w.Line("const uint il = 1u << 25;");
        w.Line("const uint cvCond = (1u << 24) | (0xEu << 20);");
        w.Line("switch (info.Kind)");
        w.Line("{");
        w.Line("    case AccessorKind.AArch64:");
        w.Line("        return (EcSysreg << 26) | il | ((uint)info.Op0 << 20) | ((uint)info.Op2 << 17) | ((uint)info.Op1 << 14) | ((uint)info.CRn << 10) | rtBits | ((uint)info.CRm << 1) | dir;");
        w.Line("    case AccessorKind.AArch32:");
        w.Line("        return ((info.Coproc == 14 ? EcMcrMrcCp14 : EcMcrMrcCp15) << 26) | il | cvCond | ((uint)info.Op2 << 17) | ((uint)info.Op1 << 14) | ((uint)info.CRn << 10) | rtBits | ((uint)info.CRm << 1) | dir;");
        w.Line("    default:");
        w.Line("        return ((info.Coproc == 14 ? EcMrrcCp14 : EcMcrrMrrcCp15) << 26) | il | cvCond | ((uint)info.Op1 << 16) | (((uint)rt2 & 0x1F) << 10) | rtBits | ((uint)info.CRm << 1) | dir;");
        w.Line("}");
        w.Close();
        w.Close();
    }
}
