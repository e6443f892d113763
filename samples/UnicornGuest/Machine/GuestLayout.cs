namespace UnicornGuest.Machine;

/// <summary>The guest's memory map and report page, as guest/guest.S defines them.</summary>
internal static class GuestLayout
{
    /// <summary>RAM: the image at its start, the report page, the stack at its top.</summary>
    public const ulong RamBase = 0x4000_0000;

    /// <summary>4 MiB of RAM.</summary>
    public const ulong RamSize = 0x40_0000;

    /// <summary>The report page; the host writes the target tick count at +0x08 and the tick rate at +0x10.</summary>
    public const ulong Report = 0x4010_0000;

    /// <summary>The MMIO doorbell: a store ends the run (1 done, 2 failed).</summary>
    public const ulong Doorbell = 0x0900_0000;

    /// <summary>Where the tick log starts in the report: 24 bytes a tick (timer, count, CVAL).</summary>
    public const ulong TickLog = 0x100;

    /// <summary>The most ticks the report page has room for before the stack.</summary>
    public const int MaxTicks = 100_000;

    /// <summary>WFI's encoding.</summary>
    public const uint Wfi = 0xD503207F;

    /// <summary>The assembled guest (guest/guest.bin), embedded in this assembly.</summary>
    /// <returns>The flat image, loaded at <see cref="RamBase"/>.</returns>
    public static byte[] LoadImage()
    {
        using Stream stream = typeof(GuestLayout).Assembly.GetManifestResourceStream("UnicornGuest.guest.bin")
            ?? throw new InvalidOperationException("The guest image is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
