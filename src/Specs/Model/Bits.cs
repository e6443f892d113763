namespace SysregGen.Specs.Model;

/// <summary>Bit-mask arithmetic on 64-bit register values.</summary>
public static class Bits
{
    /// <summary>The mask of bits <paramref name="msb"/> down to <paramref name="lsb"/>.</summary>
    /// <param name="msb">The highest bit, 0..63.</param>
    /// <param name="lsb">The lowest bit, at most <paramref name="msb"/>.</param>
    /// <returns>The mask.</returns>
    public static ulong Mask(int msb, int lsb)
    {
        int width = msb - lsb + 1;
        ulong low = width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
        return low << lsb;
    }

    /// <summary>Whether <paramref name="value"/> fits in <paramref name="width"/> bits.</summary>
    /// <param name="value">The value.</param>
    /// <param name="width">The number of bits.</param>
    /// <returns>Whether it fits.</returns>
    public static bool Fits(ulong value, int width) => width >= 64 || value >> width == 0;
}
