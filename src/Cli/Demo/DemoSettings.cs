using SysregGen.Runtime.Timers;

namespace SysregGen.Cli.Demo;

/// <summary>What the demo simulates.</summary>
internal sealed record DemoSettings(int Vcpus, double DurationMs, ulong Frequency, HostMode Host, bool SummaryOnly)
{
    public string? Validate() =>
        Vcpus is < 1 or > 64 ? "--vcpus must be 1..64"
        : DurationMs is <= 0 or > 60_000 ? "--duration-ms must be above 0 and at most 60000"
        : Frequency is < 1_000 or > 10_000_000_000 ? "--frequency must be 1 kHz..10 GHz"
        : null;
}
