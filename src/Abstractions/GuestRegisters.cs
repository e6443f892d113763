using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SysregGen;

/// <summary>
/// Moves a trapped access's data between it and the guest's general-purpose registers, as the
/// instruction would: MSR/MCR read Rt (MCR its low 32 bits), MCRR reads Rt (low word) and Rt2 (high
/// word); MRS/MRC write Rt (MRC zero-extended), MRRC writes Rt and Rt2. For AArch64, register 31 is
/// XZR: it reads as zero and a write to it is discarded.
/// </summary>
public static class GuestRegisters
{
    /// <summary>For a write, fills <see cref="SysregAccess.Value"/> from the guest's registers; a read is left alone.</summary>
    /// <param name="access">The access.</param>
    /// <param name="registers">X0..X30 (AArch64) or R0..R14 (AArch32).</param>
    /// <exception cref="ArgumentException">The access names a register beyond <paramref name="registers"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on every trapped access, where a call costs as much as the copy
    public static void Load(ref SysregAccess access, ReadOnlySpan<ulong> registers)
    {
        AccessorKind kind = access.Encoding.Kind;
        int rt = access.Rt;
        CheckFits(kind, rt, access.Rt2, registers.Length, nameof(registers));
        if (!access.IsWrite)
        {
            return;
        }

        access.Value = kind switch
        {
            AccessorKind.AArch32Wide => (registers[access.Rt2] << 32) | (uint)registers[rt],
            AccessorKind.AArch32 => (uint)registers[rt],
            _ => rt == ZeroRegister ? 0 : registers[rt],
        };
    }

    /// <summary>For a read, stores <see cref="SysregAccess.Value"/> into the guest's registers; a write is left alone.</summary>
    /// <param name="access">The completed access.</param>
    /// <param name="registers">X0..X30 (AArch64) or R0..R14 (AArch32).</param>
    /// <exception cref="ArgumentException">The access names a register beyond <paramref name="registers"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(in SysregAccess access, Span<ulong> registers)
    {
        AccessorKind kind = access.Encoding.Kind;
        int rt = access.Rt;
        CheckFits(kind, rt, access.Rt2, registers.Length, nameof(registers));
        if (access.IsWrite)
        {
            return;
        }

        switch (kind)
        {
            case AccessorKind.AArch32Wide:
                registers[rt] = (uint)access.Value;
                registers[access.Rt2] = access.Value >> 32;
                break;
            case AccessorKind.AArch32:
                registers[rt] = (uint)access.Value;
                break;
            default:
                if (rt != ZeroRegister)
                {
                    registers[rt] = access.Value;
                }

                break;
        }
    }

    /// <summary>Register 31 of an AArch64 access: XZR. AArch32 accesses name R0..R14 only.</summary>
    private const int ZeroRegister = 31;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckFits(AccessorKind kind, int rt, int rt2, int count, string paramName)
    {
        // rt2 is -1 when the access has no second register.
        if (((uint)rt >= (uint)count && !(kind == AccessorKind.AArch64 && rt == ZeroRegister)) || rt2 >= count)
        {
            ThrowBeyond(rt, rt2, count, paramName);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBeyond(int rt, int rt2, int count, string paramName) => throw new ArgumentException(
        string.Create(CultureInfo.InvariantCulture, $"The access names R{Math.Max(rt, rt2)}, beyond the {count} registers given."),
        paramName);
}
