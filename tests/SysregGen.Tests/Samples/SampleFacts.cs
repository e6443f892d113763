using UnicornGuest.Machine;

namespace SysregGen.Tests.Samples;

/// <summary>A fact that runs only where Unicorn Engine 2 (libunicorn.so.2) loads; skipped otherwise, saying what to install.</summary>
public sealed class UnicornFactAttribute : FactAttribute
{
    public UnicornFactAttribute()
    {
        if (!GuestMachine.IsAvailable(out string? error))
        {
            Skip = error;   // names the package: apt-get install libunicorn2
        }
    }
}

/// <summary>A fact that runs only where Debian's binutils-aarch64-linux-gnu is installed.</summary>
public sealed class AArch64AssemblerFactAttribute : FactAttribute
{
    public AArch64AssemblerFactAttribute()
    {
        if (GuestImage.FindTool("aarch64-linux-gnu-as") is null)
        {
            Skip = "aarch64-linux-gnu-as is not installed (apt-get install binutils-aarch64-linux-gnu)";
        }
    }
}
