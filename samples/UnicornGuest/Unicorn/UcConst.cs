namespace UnicornGuest.Unicorn;

/// <summary>
/// Constants of Unicorn 2.0.1's headers (unicorn/unicorn.h, unicorn/arm64.h), checked by compiling a
/// C program against Debian's libunicorn-dev and printing them; enum members the headers number
/// implicitly are not counted by hand.
/// </summary>
internal static class UcConst
{
    /// <summary>UC_ARCH_ARM64.</summary>
    public const int ArchArm64 = 2;

    /// <summary>UC_MODE_ARM (little-endian).</summary>
    public const int ModeArm = 0;

    /// <summary>UC_PROT_ALL.</summary>
    public const uint ProtAll = 7;

    /// <summary>UC_PROT_READ | UC_PROT_WRITE.</summary>
    public const uint ProtReadWrite = 3;

    /// <summary>UC_HOOK_INTR: CPU exceptions Unicorn does not deliver itself.</summary>
    public const int HookIntr = 1 << 0;

    /// <summary>UC_HOOK_INSN.</summary>
    public const int HookInsn = 1 << 1;

    /// <summary>UC_HOOK_CODE: before every instruction.</summary>
    public const int HookCode = 1 << 2;

    /// <summary>UC_HOOK_MEM_WRITE.</summary>
    public const int HookMemWrite = 1 << 11;

    /// <summary>UC_ARM64_INS_MRS.</summary>
    public const int InsMrs = 1;

    /// <summary>UC_ARM64_INS_MSR.</summary>
    public const int InsMsr = 2;

    /// <summary>UC_ARM64_REG_X29 (X29 and X30 come first in the enum).</summary>
    public const int RegX29 = 1;

    /// <summary>UC_ARM64_REG_X30.</summary>
    public const int RegX30 = 2;

    /// <summary>UC_ARM64_REG_SP.</summary>
    public const int RegSp = 4;

    /// <summary>UC_ARM64_REG_XZR.</summary>
    public const int RegXzr = 7;

    /// <summary>UC_ARM64_REG_X0; X0..X28 are consecutive.</summary>
    public const int RegX0 = 199;

    /// <summary>UC_ARM64_REG_PC.</summary>
    public const int RegPc = 260;

    /// <summary>UC_ARM64_REG_PSTATE.</summary>
    public const int RegPstate = 265;

    /// <summary>UC_ARM64_REG_CP_REG: any system register, by encoding (<see cref="CpReg"/>).</summary>
    public const int RegCpReg = 290;

    /// <summary>The uc_arm64_reg id of X<paramref name="n"/> (0..30); 31 is XZR.</summary>
    /// <param name="n">The register number.</param>
    /// <returns>The id.</returns>
    public static int RegX(int n) => n switch
    {
        <= 28 => RegX0 + n,
        29 => RegX29,
        30 => RegX30,
        _ => RegXzr,
    };

    /// <summary>The register number (0..31, 31 for XZR) of a uc_arm64_reg id, or -1.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The number.</returns>
    public static int XNumber(int id) => id switch
    {
        >= RegX0 and <= RegX0 + 28 => id - RegX0,
        RegX29 => 29,
        RegX30 => 30,
        RegXzr => 31,
        _ => -1,
    };
}

/// <summary>uc_arm64_cp_reg: a system register by encoding, with the value read or written (32 bytes).</summary>
internal struct CpReg
{
    public uint CRn;
    public uint CRm;
    public uint Op0;
    public uint Op1;
    public uint Op2;
    public ulong Value;
}
