using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Runtime.Timers;

namespace SysregGen.Runtime.Snapshots;

/// <summary>What a guest's counters do across the time between a capture and its restore.</summary>
public enum DowntimePolicy
{
    /// <summary>The guest's counters go on from the values they had at the capture, as if no time passed (the offsets absorb the new host's count).</summary>
    PauseGuestTime,

    /// <summary>The guest's counters move on by the wall time between capture and restore; timers that expired in between fire at once on restore, once each.</summary>
    AdvanceByDowntime,
}

/// <summary>How <see cref="TimerSnapshot.TryRestore(VmTimers, RestoreOptions?, out string?)"/> treats time.</summary>
public sealed record RestoreOptions
{
    /// <summary>The policy (<see cref="DowntimePolicy.PauseGuestTime"/> by default).</summary>
    public DowntimePolicy Policy { get; init; } = DowntimePolicy.PauseGuestTime;

    /// <summary>For <see cref="DowntimePolicy.AdvanceByDowntime"/>, the time the VM was away; null: from <see cref="TimerSnapshot.CapturedAtUtc"/> to <see cref="Clock"/>'s now.</summary>
    public TimeSpan? Downtime { get; init; }

    /// <summary>The wall clock of the restoring host, for a downtime measured from the capture's stamp.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>Restoring a snapshot into a VM.</summary>
public sealed partial record TimerSnapshot
{
    /// <summary>Restores with <see cref="DowntimePolicy.PauseGuestTime"/> (see <see cref="TryRestore(VmTimers, RestoreOptions?, out string?)"/>).</summary>
    /// <param name="vm">The VM to restore into.</param>
    /// <param name="error">Why the snapshot does not fit the VM.</param>
    /// <returns>Whether it was restored.</returns>
    public bool TryRestore(VmTimers vm, out string? error) => TryRestore(vm, null, out error);

    /// <summary>
    /// Restores the snapshot into <paramref name="vm"/>, a VM created for it: with no vCPUs (they are
    /// created) or exactly as many as the snapshot has, none loaded. Everything is checked before
    /// anything changes: on failure the VM is untouched.
    /// </summary>
    /// <remarks>
    /// <para>The order is fixed and safe, the one KVM_ARM_SET_COUNTER_OFFSET gives a VMM: the VM's
    /// offsets and interrupt numbers first (moved by the new host's count, <see cref="CapturedAt"/> to
    /// now, and by the downtime if the policy advances guest time), then each vCPU's timers, whose
    /// CTL/CVAL are in the guest's view and need no adjustment, then each vCPU's run state. The new
    /// host's counter may have any origin; its frequency must be the snapshot's.</para>
    /// <para>Levels start as the snapshot says they were reported, and the interrupt controller is told
    /// so (<see cref="Interrupts.IVirtualInterruptController.SyncLevel"/>: news to a new controller,
    /// nothing to one restored from the same snapshot); then a loaded vCPU's lines are recomputed from
    /// its timers (a level the timers do not justify is lowered, a timer that expired during the
    /// downtime raises its line, once, each reported as a change) and a blocked vCPU is woken at once
    /// if a timer is due, or its background timer armed.</para>
    /// </remarks>
    /// <param name="vm">The VM to restore into.</param>
    /// <param name="options">The downtime policy; <see cref="DowntimePolicy.PauseGuestTime"/> when null.</param>
    /// <param name="error">Why the snapshot does not fit the VM.</param>
    /// <returns>Whether it was restored.</returns>
    /// <exception cref="InvalidOperationException">The VM's counter is a <see cref="Counters.ManualCounterThreading.Confined"/> counter of another thread (nothing is changed).</exception>
    public bool TryRestore(VmTimers vm, RestoreOptions? options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(vm);
        vm.CheckCounterThread();
        options ??= new RestoreOptions();
        IReadOnlyList<VcpuTimers> existing = vm.Vcpus;
        error = Validate() ?? Fits(vm, existing);
        ulong downtime = 0;
        if (error is null && options.Policy == DowntimePolicy.AdvanceByDowntime)
        {
            error = DowntimeCycles(options, out downtime);
        }
        else if (error is null && !Enum.IsDefined(options.Policy))
        {
            error = $"policy: {(int)options.Policy} is not a downtime policy.";
        }

        if (error is not null)
        {
            return false;
        }

        // Guest count after = CapturedAt - offset + downtime, whatever the new host's count: every
        // offset moves by the same amount (mod 2^64).
        ulong shift = vm.Now - CapturedAt - downtime;
        var vcpus = existing.Count == 0 ? Vcpus.Select(_ => vm.CreateVcpu()).ToArray() : existing.ToArray();
        vm.Restore(VirtualOffset + shift, PhysicalOffset + shift, OffsetPinned, PpisFrozen, Ppis);
        for (int i = 0; i < vcpus.Length; i++)
        {
            vcpus[i].Restore(Vcpus[i]);
        }

        return true;
    }

    /// <summary>Why the snapshot cannot go into <paramref name="vm"/>, or null.</summary>
    private string? Fits(VmTimers vm, IReadOnlyList<VcpuTimers> existing)
    {
        if (vm.Frequency != Frequency)
        {
            return $"frequency: the snapshot was taken at {Frequency} Hz but the VM's counter runs at {vm.Frequency} Hz.";
        }

        if (vm.Options.Features != ParseFeatures())
        {
            return $"features: the snapshot's CPU features ({Features}) differ from the VM's ({vm.Options.Features}).";
        }

        if (vm.Options.NestedVirtualization != NestedVirtualization)
        {
            return NestedVirtualization
                ? "nestedVirtualization: the snapshot's vCPUs have virtual EL2; the VM's do not."
                : "nestedVirtualization: the VM's vCPUs have virtual EL2; the snapshot's do not.";
        }

        if (existing.Count != 0 && existing.Count != Vcpus.Count)
        {
            return $"vcpus: the snapshot has {Vcpus.Count} vCPUs, the VM {existing.Count}.";
        }

        return existing.Any(v => v.IsLoaded) ? "A vCPU of the VM is loaded; put every vCPU before restoring." : null;
    }

    /// <summary>The downtime in counter cycles: the one given, or the wall time since the capture's stamp.</summary>
    private string? DowntimeCycles(RestoreOptions options, out ulong cycles)
    {
        TimeSpan downtime = options.Downtime ?? options.Clock.GetUtcNow() - CapturedAtUtc;
        cycles = 0;
        if (downtime < TimeSpan.Zero)
        {
            return $"downtime: {downtime} is negative (the restoring host's clock is behind the capture's stamp {CapturedAtUtc:O}); give the downtime explicitly.";
        }

        UInt128 value = (UInt128)(ulong)downtime.Ticks * Frequency / TimeSpan.TicksPerSecond;
        if (value > ulong.MaxValue)
        {
            return $"downtime: {downtime} is more counter cycles than 64 bits hold at {Frequency} Hz.";
        }

        cycles = (ulong)value;
        return null;
    }
}
