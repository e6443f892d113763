using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;

namespace SysregGen.Cli.Demo;

/// <summary>What the demo simulates.</summary>
/// <param name="Vcpus">The number of vCPUs.</param>
/// <param name="DurationMs">The simulated time.</param>
/// <param name="Frequency">CNTFRQ.</param>
/// <param name="Host">The host the hypervisor model runs as.</param>
/// <param name="SummaryOnly">Print only the summary.</param>
/// <param name="Nested">The guests run as the guests of a guest hypervisor at virtual EL2.</param>
/// <param name="PhysicalOffset">The VM's physical counter offset (as a migration's PTIMER_CNT write leaves it).</param>
/// <param name="Migration">When and how the VM migrates to another host, or null.</param>
/// <param name="Threads">The threads the vCPUs are simulated on, in shards run in step; the output is the same whatever the number.</param>
internal sealed record DemoSettings(int Vcpus, double DurationMs, ulong Frequency, HostMode Host, bool SummaryOnly, bool Nested = false, ulong PhysicalOffset = 0, DemoMigration? Migration = null, int Threads = 1)
{
    public const int MaxVcpus = 64;
    public const int MaxThreads = MaxVcpus;
    public const double MaxDurationMs = 60_000;
    public const ulong MinFrequency = 1_000;
    public const ulong MaxFrequency = 10_000_000_000;

    public string? Validate() =>
        Vcpus is < 1 or > MaxVcpus ? $"--vcpus must be 1..{MaxVcpus}"
        : DurationMs is <= 0 or > MaxDurationMs ? $"--duration-ms must be above 0 and at most {MaxDurationMs}"
        : Frequency is < MinFrequency or > MaxFrequency ? "--frequency must be 1 kHz..10 GHz"
        : Threads is < 1 or > MaxThreads ? $"--threads must be 1..{MaxThreads}"
        : Migration is not null && Threads > 1 ? "--migrate-at runs on one thread; drop --threads or --migrate-at"
        : Migration is { AtMs: var at } && at >= DurationMs ? $"--migrate-at must be before the end of the run (--duration-ms {DurationMs.ToString(System.Globalization.CultureInfo.InvariantCulture)})"
        : null;

    /// <summary>The <c>--host</c> name of the host mode.</summary>
    public string HostName => Host switch
    {
        HostMode.NonVhe => "nvhe",
        HostMode.Vhe => "vhe",
        _ => "vhe-ecv",
    };
}

/// <summary>A live migration in the demo.</summary>
/// <param name="AtMs">The guest time at which the VM is stopped and captured.</param>
/// <param name="DowntimeMs">How long it is away: the time between the capture and the restore.</param>
/// <param name="Policy">What the guests' time does over the downtime.</param>
internal sealed record DemoMigration(double AtMs, double DowntimeMs, DowntimePolicy Policy)
{
    /// <summary>The destination host's count at the restore: another origin than the source's, as a host that has been up for a while.</summary>
    public const ulong DestinationOrigin = 0x5EED_0000_0000;

    /// <summary>The <c>--policy</c> name.</summary>
    public string PolicyName => Policy == DowntimePolicy.PauseGuestTime ? "pause" : "advance";
}
