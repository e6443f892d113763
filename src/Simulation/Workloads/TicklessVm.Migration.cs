using System;
using System.Linq;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Snapshots;

namespace SysregGen.Simulation.Workloads;

/// <summary>Live migration of the simulated VM, the way a VMM moves a KVM guest between hosts.</summary>
public sealed partial class TicklessVm
{
    /// <summary>
    /// An empty VM of the same shape (vCPUs, frequency, options) on another host, whose counter reads
    /// <paramref name="origin"/>, to <see cref="ReceiveFrom"/> this one.
    /// </summary>
    /// <param name="origin">The destination host's count.</param>
    /// <param name="interruptController">The destination's interrupt controller.</param>
    /// <param name="observer">Where the guests report on the destination.</param>
    /// <returns>The destination VM.</returns>
    public TicklessVm CreateMigrationTarget(ulong origin, IVirtualInterruptController interruptController, IGuestObserver observer) =>
        new(VcpuCount, Counter.Frequency, Vm.Options, interruptController, observer, origin: origin);

    /// <summary>
    /// Takes over <paramref name="source"/>: its timers come through a <see cref="TimerSnapshot"/>'s
    /// JSON (as they would over the wire), then each guest CPU's state and each guest's software
    /// state; <paramref name="options"/> decides what the guests' time does across the downtime (a
    /// guest whose timer came due in it is woken by the restore). Call it when every guest of the
    /// source has reached its WFI (between <see cref="RunUntil"/> steps); the source is not used afterwards.
    /// </summary>
    /// <param name="source">The VM to take over, of the same shape.</param>
    /// <param name="options">The downtime policy.</param>
    /// <returns>The size of the snapshot in bytes.</returns>
    /// <exception cref="InvalidOperationException">The snapshot does not restore: the VMs differ in shape, or this one has run.</exception>
    public int ReceiveFrom(TicklessVm source, RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        string json = TimerSnapshot.Capture(source.Vm).ToJson();
        if (!TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out string? error) || !snapshot!.TryRestore(Vm, options, out error))
        {
            throw new InvalidOperationException("The snapshot does not restore here: " + error);
        }

        foreach ((TicklessGuest to, TicklessGuest from) in _guests.Zip(source._guests))
        {
            to.Cpu.Restore(from.Cpu.Capture());
            to.ContinueFrom(from);
        }

        return System.Text.Encoding.UTF8.GetByteCount(json);
    }
}
