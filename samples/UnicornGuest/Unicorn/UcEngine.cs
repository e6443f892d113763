using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UnicornGuest.Unicorn;

/// <summary>What the engine's hooks call; exceptions must not escape (they would cross native frames).</summary>
internal interface IUcHooks
{
    /// <summary>UC_HOOK_CODE: before the instruction at <paramref name="address"/> runs.</summary>
    void OnCode(ulong address);

    /// <summary>UC_HOOK_INSN for MRS/MSR: returns true to skip the instruction's register access.</summary>
    bool OnSysreg(bool isRead, int xtId, in CpReg reg);

    /// <summary>UC_HOOK_MEM_WRITE on the MMIO page.</summary>
    void OnMmioWrite(ulong address, long value);
}

/// <summary>One AArch64 Unicorn engine: the calls this sample makes, each checked.</summary>
internal sealed unsafe class UcEngine : IDisposable
{
    private readonly nint _uc;
    private GCHandle _self;
    private readonly IUcHooks _hooks;

    public UcEngine(IUcHooks hooks)
    {
        _hooks = hooks;
        Check(UcNative.Open(UcConst.ArchArm64, UcConst.ModeArm, out _uc), "uc_open");
        _self = GCHandle.Alloc(this);
    }

    public void Map(ulong address, ulong size, uint perms) => Check(UcNative.MemMap(_uc, address, (nuint)size, perms), "uc_mem_map");

    public void Write(ulong address, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            Check(UcNative.MemWrite(_uc, address, p, (nuint)bytes.Length), "uc_mem_write");
        }
    }

    public void Read(ulong address, Span<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            Check(UcNative.MemRead(_uc, address, p, (nuint)bytes.Length), "uc_mem_read");
        }
    }

    public ulong ReadReg(int id)
    {
        ulong value = 0;
        Check(UcNative.RegRead(_uc, id, &value), "uc_reg_read");
        return value;
    }

    public void WriteReg(int id, ulong value) => Check(UcNative.RegWrite(_uc, id, &value), "uc_reg_write");

    /// <summary>Reads a system register by encoding (UC_ARM64_REG_CP_REG).</summary>
    public ulong ReadSysreg(int op0, int op1, int crn, int crm, int op2)
    {
        var reg = new CpReg { Op0 = (uint)op0, Op1 = (uint)op1, CRn = (uint)crn, CRm = (uint)crm, Op2 = (uint)op2 };
        Check(UcNative.RegRead(_uc, UcConst.RegCpReg, &reg), "uc_reg_read(CP_REG)");
        return reg.Value;
    }

    /// <summary>Writes a system register by encoding (UC_ARM64_REG_CP_REG).</summary>
    public void WriteSysreg(int op0, int op1, int crn, int crm, int op2, ulong value)
    {
        var reg = new CpReg { Op0 = (uint)op0, Op1 = (uint)op1, CRn = (uint)crn, CRm = (uint)crm, Op2 = (uint)op2, Value = value };
        Check(UcNative.RegWrite(_uc, UcConst.RegCpReg, &reg), "uc_reg_write(CP_REG)");
    }

    /// <summary>Installs the code hook, the MRS and MSR hooks, and a write hook on [mmioStart, mmioEnd].</summary>
    public void InstallHooks(ulong mmioStart, ulong mmioEnd)
    {
        nint self = GCHandle.ToIntPtr(_self);
        Check(UcNative.HookAdd(_uc, out _, UcConst.HookCode, (delegate* unmanaged<nint, ulong, uint, nint, void>)&Code, self, 1, 0, 0), "uc_hook_add(CODE)");
        Check(UcNative.HookAdd(_uc, out _, UcConst.HookInsn, (delegate* unmanaged<nint, int, CpReg*, nint, uint>)&Mrs, self, 1, 0, UcConst.InsMrs), "uc_hook_add(MRS)");
        Check(UcNative.HookAdd(_uc, out _, UcConst.HookInsn, (delegate* unmanaged<nint, int, CpReg*, nint, uint>)&Msr, self, 1, 0, UcConst.InsMsr), "uc_hook_add(MSR)");
        Check(UcNative.HookAdd(_uc, out _, UcConst.HookMemWrite, (delegate* unmanaged<nint, int, ulong, int, long, nint, void>)&MemWrite, self, mmioStart, mmioEnd, 0), "uc_hook_add(MEM_WRITE)");
    }

    /// <summary>Runs from <paramref name="pc"/> until a hook stops the engine or the CPU stops by itself (WFI).</summary>
    public void Run(ulong pc) => Check(UcNative.EmuStart(_uc, pc, 0, 0, 0), "uc_emu_start");

    public void Stop() => UcNative.EmuStop(_uc);

    public void Dispose()
    {
        UcNative.Close(_uc);
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    private static void Check(int err, string call)
    {
        if (err != 0)
        {
            string text = Marshal.PtrToStringUTF8(UcNative.StrError(err)) ?? "unknown error";
            throw new InvalidOperationException($"{call} failed: {text} (uc_err {err})");
        }
    }

    private static IUcHooks From(nint user) => ((UcEngine)GCHandle.FromIntPtr(user).Target!)._hooks;

    [UnmanagedCallersOnly]
    private static void Code(nint uc, ulong address, uint size, nint user) => From(user).OnCode(address);

    [UnmanagedCallersOnly]
    private static uint Mrs(nint uc, int reg, CpReg* cp, nint user) => From(user).OnSysreg(true, reg, in Unsafe.AsRef<CpReg>(cp)) ? 1u : 0u;

    [UnmanagedCallersOnly]
    private static uint Msr(nint uc, int reg, CpReg* cp, nint user) => From(user).OnSysreg(false, reg, in Unsafe.AsRef<CpReg>(cp)) ? 1u : 0u;

    [UnmanagedCallersOnly]
    private static void MemWrite(nint uc, int type, ulong address, int size, long value, nint user) => From(user).OnMmioWrite(address, value);
}
