namespace SysregGen.Specs.Dispatch;

/// <summary>
/// The fixed sequences of odd multipliers the table builders try, one after the other (xorshift from
/// fixed seeds), so that the same specs always give the same table.
/// </summary>
internal static class MultiplierCandidates
{
    /// <summary>The next 32-bit candidate (xorshift32); the one-level tables of the shipped specs were found with this sequence.</summary>
    /// <param name="state">The generator's state, advanced.</param>
    /// <returns>An odd multiplier.</returns>
    public static uint Next32(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state | 1;
    }

    /// <summary>The next 64-bit candidate (xorshift64); its low half is odd too, since that half is a multiplier of its own (the second choice's).</summary>
    /// <param name="state">The generator's state, advanced.</param>
    /// <returns>A multiplier whose low 32 bits are odd.</returns>
    public static ulong Next64(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state | 1;
    }
}
