namespace SysregGen.Specs.Model;

/// <summary>An AArch64 MRS/MSR encoding.</summary>
/// <param name="Op0">op0, 0..3.</param>
/// <param name="Op1">op1, 0..7.</param>
/// <param name="CRn">CRn, 0..15.</param>
/// <param name="CRm">CRm, 0..15.</param>
/// <param name="Op2">op2, 0..7.</param>
public sealed record A64Encoding(int Op0, int Op1, int CRn, int CRm, int Op2)
{
    /// <summary>op0[15:14] op1[13:11] CRn[10:7] CRm[6:3] op2[2:0]: KVM's sys_reg() packing.</summary>
    public int Key => (Op0 << 14) | (Op1 << 11) | (CRn << 7) | (CRm << 3) | Op2;

    /// <summary>The fields by name: <c>op0=3, op1=3, CRn=14, CRm=2, op2=1</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"op0={Op0}, op1={Op1}, CRn={CRn}, CRm={CRm}, op2={Op2}";
}

/// <summary>An AArch32 view: MRC/MCR when <see cref="CRn"/> and <see cref="Opc2"/> are set, else MRRC/MCRR.</summary>
/// <param name="Name">The AArch32 register name.</param>
/// <param name="Coproc">The coprocessor, 14 or 15.</param>
/// <param name="Opc1">opc1.</param>
/// <param name="CRn">CRn, or null for MRRC/MCRR.</param>
/// <param name="CRm">CRm.</param>
/// <param name="Opc2">opc2, or null for MRRC/MCRR.</param>
/// <param name="Location">Where the spec gives the view.</param>
public sealed record A32Encoding(string Name, int Coproc, int Opc1, int? CRn, int CRm, int? Opc2, LocationInfo Location)
{
    /// <summary>Whether this is the 64-bit MRRC/MCRR form.</summary>
    public bool IsWide => CRn is null;

    /// <summary>coproc[19:16] opc1[15:12] CRn[11:8] CRm[7:4] opc2[3:0] (CRn and opc2 zero for the 64-bit form).</summary>
    public int Key => (Coproc << 16) | (Opc1 << 12) | ((CRn ?? 0) << 8) | (CRm << 4) | (Opc2 ?? 0);

    /// <summary>The operands as an assembler writes them: <c>p15, 0, c14, c2, 1</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsWide
        ? $"p{Coproc}, {Opc1}, c{CRm}"
        : $"p{Coproc}, {Opc1}, c{CRn}, c{CRm}, {Opc2}";
}
