using System.Runtime.CompilerServices;
using SysregGen.Registers;

namespace SysregGen.Benchmarks.Dispatch;

/// <summary>
/// One row of the hand-built tables the alternatives look up: everything the generated dispatcher
/// knows about an encoding, copied from <see cref="SysregTable"/> and <see cref="SysregCatalog"/> at
/// setup, so the alternatives can never drift from the generated code.
/// </summary>
internal readonly struct DispatchEntry
{
    public DispatchEntry(uint key, in SysregAccessorInfo info)
    {
        Key = key;
        Accessor = info.Accessor;
        Encoding = info.Encoding;
        Kind = info.Kind;
        CanRead = info.CanRead;
        CanWrite = info.CanWrite;
        Register = info.Register;
        SysregInfo register = SysregCatalog.Get(info.Register);
        IsTimer = register.Timer is not null;
        Timer = register.Timer ?? default;
        TimerRegister = register.TimerRegister ?? default;
    }

    /// <summary>The encoding key (<see cref="EncodingKey"/>).</summary>
    public uint Key { get; }

    public SysregAccessor Accessor { get; }

    public SysregEncoding Encoding { get; }

    public AccessorKind Kind { get; }

    public bool CanRead { get; }

    public bool CanWrite { get; }

    public Sysreg Register { get; }

    public bool IsTimer { get; }

    public TimerId Timer { get; }

    public TimerRegister TimerRegister { get; }
}

/// <summary>
/// A single integer per encoding, as QEMU's <c>ENCODE_AA64_CP_REG</c>/<c>ENCODE_CP_REG</c> and KVM's
/// <c>sys_reg()</c> build them: the instruction form in bits [21:20], then the encoding fields.
/// AArch64: op0[15:14] op1[13:11] CRn[10:7] CRm[6:3] op2[2:0]; AArch32 MRC/MCR: coproc[19:16]
/// opc1[15:12] CRn[11:8] CRm[7:4] opc2[3:0]; MRRC/MCRR: coproc[19:16] opc1[15:12] CRm[7:4].
/// </summary>
internal static class EncodingKey
{
    public const uint None = uint.MaxValue;
    private const uint A32 = 1u << 20;
    private const uint A32Wide = 2u << 20;

    /// <summary>The key of a table row.</summary>
    public static uint FromRow(in SysregAccessorInfo info) => info.Kind switch
    {
        AccessorKind.AArch64 => ((uint)info.Encoding.Op0 << 14) | ((uint)info.Encoding.Op1 << 11) | ((uint)info.Encoding.CRn << 7) | ((uint)info.Encoding.CRm << 3) | (uint)info.Encoding.Op2,
        AccessorKind.AArch32 => A32 | ((uint)info.Encoding.Coproc << 16) | ((uint)info.Encoding.Op1 << 12) | ((uint)info.Encoding.CRn << 8) | ((uint)info.Encoding.CRm << 4) | (uint)info.Encoding.Op2,
        _ => A32Wide | ((uint)info.Encoding.Coproc << 16) | ((uint)info.Encoding.Op1 << 12) | ((uint)info.Encoding.CRm << 4),
    };

    /// <summary>The key a trap's syndrome names, or <see cref="None"/> for a syndrome that is not a system-register trap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint FromEsr(ulong esr)
    {
        uint iss = (uint)esr & 0x01FF_FFFF;
        switch ((uint)(esr >> 26) & 0x3F)
        {
            case Esr.EcSysreg:
                return (((iss >> 20) & 0x3) << 14) | (((iss >> 14) & 0x7) << 11) | (((iss >> 10) & 0xF) << 7) | (((iss >> 1) & 0xF) << 3) | ((iss >> 17) & 0x7);
            case Esr.EcMcrMrcCp15:
                return A32 | (15u << 16) | Coproc32(iss);
            case Esr.EcMcrMrcCp14:
                return A32 | (14u << 16) | Coproc32(iss);
            case Esr.EcMcrrMrrcCp15:
                return A32Wide | (15u << 16) | (((iss >> 16) & 0xF) << 12) | (((iss >> 1) & 0xF) << 4);
            case Esr.EcMrrcCp14:
                return A32Wide | (14u << 16) | (((iss >> 16) & 0xF) << 12) | (((iss >> 1) & 0xF) << 4);
            default:
                return None;
        }

        static uint Coproc32(uint iss) =>
            (((iss >> 14) & 0x7) << 12) | (((iss >> 10) & 0xF) << 8) | (((iss >> 1) & 0xF) << 4) | ((iss >> 17) & 0x7);
    }

    /// <summary>Every row of <see cref="SysregTable"/>, keyed.</summary>
    public static DispatchEntry[] Rows()
    {
        ReadOnlySpan<SysregAccessorInfo> accessors = SysregTable.Accessors;
        var rows = new DispatchEntry[accessors.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new DispatchEntry(FromRow(in accessors[i]), in accessors[i]);
        }

        return rows;
    }
}

/// <summary>
/// What every alternative does once it has found the row: the same checks and the same handler call
/// as the generated <see cref="SysregDispatcher.Dispatch{THandler}"/>.
/// </summary>
internal static class EntryDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AccessOutcome Dispatch<THandler>(ref THandler handler, in DispatchEntry entry, ref SysregAccess access)
        where THandler : ITimerAccessHandler, ISysregAccessHandler<Sysreg>
    {
        if (access.IsWrite ? !entry.CanWrite : !entry.CanRead)
        {
            return AccessOutcome.Undefined;
        }

        bool narrow = entry.Kind == AccessorKind.AArch32;
        if (narrow && access.IsWrite)
        {
            access.Value &= 0xFFFF_FFFFUL;
        }

        AccessOutcome outcome = entry.IsTimer
            ? handler.AccessTimer(entry.Timer, entry.TimerRegister, ref access)
            : handler.AccessRegister(entry.Register, ref access);

        if (narrow && !access.IsWrite)
        {
            access.Value &= 0xFFFF_FFFFUL;
        }

        return outcome;
    }

    /// <summary>The access a syndrome describes, as <see cref="SysregAccess.TryDecode"/> builds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SysregAccess Decode(ulong esr, in DispatchEntry entry)
    {
        uint iss = (uint)esr & 0x01FF_FFFF;
        int rt2 = entry.Kind == AccessorKind.AArch32Wide ? (int)(iss >> 10) & 0x1F : -1;
        return new SysregAccess(entry.Encoding, (iss & 1) == 0, 0, (int)(iss >> 5) & 0x1F, rt2);
    }
}
