namespace SysregGen.Generator.Model;

// The equatable model of one spec file. It holds only strings, numbers, enums, LocationInfo and
// EquatableArray, so two parses of the same text compare equal and the driver can cache every
// step after the parse.

internal enum RegisterAccess
{
    RO,
    WO,
    RW,
}

internal enum FieldAccess
{
    RW,
    RO,
    WO,
}

internal enum AccessorKind
{
    /// <summary>AArch64 MRS/MSR.</summary>
    AArch64,

    /// <summary>AArch32 MRC/MCR of a 32-bit register.</summary>
    AArch32,

    /// <summary>AArch32 MRRC/MCRR of a 64-bit register.</summary>
    AArch32Wide,
}

/// <summary>A condition on the effective HCR_EL2.E2H and TGE bits; null means "either".</summary>
internal sealed record Condition(int? E2h, int? Tge)
{
    public static readonly Condition Always = new(null, null);

    public bool IsAlways => E2h is null && Tge is null;

    /// <summary>Whether some value of E2H/TGE satisfies both conditions.</summary>
    public bool IsCompatibleWith(Condition other) =>
        (E2h is null || other.E2h is null || E2h == other.E2h) &&
        (Tge is null || other.Tge is null || Tge == other.Tge);

    public override string ToString() =>
        IsAlways ? "{}" : "{ " + string.Join(", ", Parts()) + " }";

    private System.Collections.Generic.IEnumerable<string> Parts()
    {
        if (E2h is int e)
        {
            yield return $"\"e2h\": {e}";
        }

        if (Tge is int t)
        {
            yield return $"\"tge\": {t}";
        }
    }
}

internal sealed record A64Encoding(int Op0, int Op1, int CRn, int CRm, int Op2)
{
    /// <summary>op0[15:14] op1[13:11] CRn[10:7] CRm[6:3] op2[2:0]: KVM's sys_reg() packing.</summary>
    public int Key => (Op0 << 14) | (Op1 << 11) | (CRn << 7) | (CRm << 3) | Op2;

    public override string ToString() => $"op0={Op0}, op1={Op1}, CRn={CRn}, CRm={CRm}, op2={Op2}";
}

/// <summary>An AArch32 view: MRC/MCR when <see cref="CRn"/> and <see cref="Opc2"/> are set, else MRRC/MCRR.</summary>
internal sealed record A32Encoding(string Name, int Coproc, int Opc1, int? CRn, int CRm, int? Opc2, LocationInfo Location)
{
    public bool IsWide => CRn is null;

    /// <summary>coproc[19:16] opc1[15:12] CRn[11:8] CRm[7:4] opc2[3:0] (CRn and opc2 zero for the 64-bit form).</summary>
    public int Key => (Coproc << 16) | (Opc1 << 12) | ((CRn ?? 0) << 8) | (CRm << 4) | (Opc2 ?? 0);

    public override string ToString() => IsWide
        ? $"p{Coproc}, {Opc1}, c{CRm}"
        : $"p{Coproc}, {Opc1}, c{CRn}, c{CRm}, {Opc2}";
}

/// <param name="MinEl">The lowest EL of the alias; -1 means the register's own.</param>
internal sealed record AliasSpec(string Name, A64Encoding Encoding, int MinEl, Condition Requires, LocationInfo Location);

internal sealed record RedirectSpec(int El, Condition When, string To, LocationInfo Location);

internal sealed record TimerMeaning(string Timer, string Register, LocationInfo Location);

internal sealed record EnumValueSpec(string Name, ulong Value);

internal sealed record FieldSpec(
    string Name,
    string PropertyName,
    int Msb,
    int Lsb,
    FieldAccess Access,
    ulong Reset,
    bool Signed,
    EquatableArray<EnumValueSpec> Enum,
    string? Feature,
    string Description,
    LocationInfo Location)
{
    public int Width => Msb - Lsb + 1;

    public ulong Mask => Bits.Mask(Msb, Lsb);
}

internal sealed record LayoutSpec(
    string Name,
    Condition When,
    EquatableArray<FieldSpec> Fields,
    ulong Res0,
    ulong Res1,
    LocationInfo Location)
{
    /// <summary>The register value after reset in this layout: the field resets, plus RES1.</summary>
    public ulong Reset
    {
        get
        {
            ulong value = Res1;
            foreach (FieldSpec f in Fields)
            {
                value |= (f.Reset << f.Lsb) & f.Mask;
            }

            return value;
        }
    }
}

internal sealed record TrapControlSpec(string Register, string Field, ulong Value, LocationInfo Location);

internal sealed record TrapRuleSpec(
    int El,
    Condition When,
    EquatableArray<TrapControlSpec> Controls,
    int To,
    string? Feature,
    LocationInfo Location);

internal sealed record RegisterSpec(
    string Name,
    string TypeName,
    string Description,
    int Width,
    int MinEl,
    RegisterAccess Access,
    int? WriteMinEl,
    string? Feature,
    A64Encoding Encoding,
    A32Encoding? AArch32,
    EquatableArray<AliasSpec> Aliases,
    EquatableArray<RedirectSpec> Redirects,
    TimerMeaning? Timer,
    EquatableArray<LayoutSpec> Layouts,
    EquatableArray<TrapRuleSpec> Traps,
    string Path,
    LocationInfo NameLocation,
    LocationInfo EncodingLocation)
{
    public ulong ResetValue => Layouts.Count == 0 ? 0 : Layouts[0].Reset;

    /// <summary>The lowest EL that may read; 4 when reads are never allowed.</summary>
    public int ReadMinEl => Access == RegisterAccess.WO ? 4 : MinEl;

    /// <summary>The lowest EL that may write; 4 when writes are never allowed.</summary>
    public int EffectiveWriteMinEl => Access == RegisterAccess.RO ? 4 : System.Math.Max(MinEl, WriteMinEl ?? MinEl);
}

internal static class Bits
{
    public static ulong Mask(int msb, int lsb)
    {
        int width = msb - lsb + 1;
        ulong low = width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
        return low << lsb;
    }

    public static bool Fits(ulong value, int width) => width >= 64 || value >> width == 0;
}
