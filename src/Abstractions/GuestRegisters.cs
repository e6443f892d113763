using System;
using System.Globalization;

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
    public static void Load(ref SysregAccess access, ReadOnlySpan<ulong> registers)
    {
        CheckFits(in access, registers.Length, nameof(registers));
        if (!access.IsWrite)
        {
            return;
        }

        access.Value = access.Encoding.Kind switch
        {
            AccessorKind.AArch32Wide => (registers[access.Rt2] << 32) | (uint)registers[access.Rt],
            AccessorKind.AArch32 => (uint)registers[access.Rt],
            _ => IsZeroRegister(in access) ? 0 : registers[access.Rt],
        };
    }

    /// <summary>For a read, stores <see cref="SysregAccess.Value"/> into the guest's registers; a write is left alone.</summary>
    /// <param name="access">The completed access.</param>
    /// <param name="registers">X0..X30 (AArch64) or R0..R14 (AArch32).</param>
    /// <exception cref="ArgumentException">The access names a register beyond <paramref name="registers"/>.</exception>
    public static void Store(in SysregAccess access, Span<ulong> registers)
    {
        CheckFits(in access, registers.Length, nameof(registers));
        if (access.IsWrite)
        {
            return;
        }

        switch (access.Encoding.Kind)
        {
            case AccessorKind.AArch32Wide:
                registers[access.Rt] = (uint)access.Value;
                registers[access.Rt2] = access.Value >> 32;
                break;
            case AccessorKind.AArch32:
                registers[access.Rt] = (uint)access.Value;
                break;
            default:
                if (!IsZeroRegister(in access))
                {
                    registers[access.Rt] = access.Value;
                }

                break;
        }
    }

    private static bool IsZeroRegister(in SysregAccess access) => access.Encoding.Kind == AccessorKind.AArch64 && access.Rt == 31;

    private static void CheckFits(in SysregAccess access, int count, string paramName)
    {
        if ((!IsZeroRegister(in access) && access.Rt >= count) || access.Rt2 >= count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The access names R{Math.Max(access.Rt, access.Rt2)}, beyond the {count} registers given."),
                paramName);
        }
    }
}
