using System.Buffers.Binary;

namespace UnicornGuest.Machine;

/// <summary>One tick as the guest recorded it in its IRQ handler.</summary>
/// <param name="Timer">0 for the EL1 physical timer, 1 for the virtual timer.</param>
/// <param name="Count">The counter it read (CNTPCT_EL0 or CNTVCT_EL0) after masking the timer.</param>
/// <param name="Cval">The timer's CVAL, the deadline that fired.</param>
public readonly record struct GuestTick(int Timer, ulong Count, ulong Cval);

/// <summary>The guest's own report, read back from its report page (offsets as in guest/guest.S).</summary>
public sealed record GuestReport
{
    /// <summary>"UCGUEST1": the guest ran its start-up code.</summary>
    public const ulong ExpectedMagic = 0x3154534555474355;

    public ulong Magic { get; init; }

    public ulong Ticks { get; init; }

    public ulong Spurious { get; init; }

    public ulong Undefs { get; init; }

    public ulong UndefEsr { get; init; }

    public ulong UndefElr { get; init; }

    /// <summary>The address of the guest's UNDEFINED instruction, which ELR_EL1 must hold.</summary>
    public ulong UndefAt { get; init; }

    /// <summary>Ticks where CTL read back after setting IMASK was not ENABLE | IMASK | ISTATUS.</summary>
    public ulong ImaskBad { get; init; }

    public ulong Frequency { get; init; }

    public ulong Period { get; init; }

    public ulong OtherSync { get; init; }

    public ulong OtherEsr { get; init; }

    public IReadOnlyList<GuestTick> TickLog { get; init; } = [];

    /// <summary>Parses the report page.</summary>
    /// <param name="page">The page's bytes, from offset 0.</param>
    /// <returns>The report.</returns>
    internal static GuestReport Parse(ReadOnlySpan<byte> page)
    {
        ulong ticks = At(page, 0x18);
        int logged = (int)Math.Min(ticks, (ulong)GuestLayout.MaxTicks);
        var log = new GuestTick[logged];
        for (int i = 0; i < logged; i++)
        {
            int at = (int)GuestLayout.TickLog + (i * 24);
            log[i] = new GuestTick((int)At(page, at), At(page, at + 8), At(page, at + 16));
        }

        return new GuestReport
        {
            Magic = At(page, 0x00), Ticks = ticks, Spurious = At(page, 0x20), Undefs = At(page, 0x28), UndefEsr = At(page, 0x30),
            UndefElr = At(page, 0x38), UndefAt = At(page, 0x40), ImaskBad = At(page, 0x48), Frequency = At(page, 0x50),
            Period = At(page, 0x58), OtherSync = At(page, 0x60), OtherEsr = At(page, 0x68), TickLog = log,
        };
    }

    private static ulong At(ReadOnlySpan<byte> page, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(page[offset..]);
}
