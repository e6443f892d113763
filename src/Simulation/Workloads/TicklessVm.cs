using System;
using System.Collections.Generic;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Simulation.Workloads;

/// <summary>
/// A deterministic simulated VM whose vCPUs each run a <see cref="TicklessGuest"/> (styles in turn:
/// physical TVAL, physical CVAL, virtual TVAL). Time is a <see cref="ManualCounter"/> that jumps from
/// one host-timer deadline to the next, so the same settings always give the same run. With nested
/// virtualisation each guest runs at EL1 under a VHE guest hypervisor that gives it its EL1 timers
/// and counters directly (as KVM running in a VM programs its CNTHCTL_EL2).
/// </summary>
public sealed partial class TicklessVm
{
    private readonly List<TicklessGuest> _guests = new();

    /// <summary>Creates the VM and its guests.</summary>
    /// <param name="vcpus">The number of vCPUs, at least 1.</param>
    /// <param name="frequency">The counter frequency in Hz.</param>
    /// <param name="options">The host mode and CPU features.</param>
    /// <param name="interruptController">The interrupt controller the timers drive.</param>
    /// <param name="observer">Where the guests report what they do.</param>
    /// <param name="physicalOffset">The VM's physical counter offset (0: the guests see the host's physical count).</param>
    /// <param name="origin">The host's count when the VM is created (its virtual counter starts at 0 there).</param>
    /// <param name="shard">Which shard of the VM this is: it runs the guests of the vCPUs whose id modulo <paramref name="shards"/> is this.</param>
    /// <param name="shards">How many shards the VM is split into (see <see cref="RunInStep"/>); 1 runs every guest.</param>
    /// <remarks>
    /// A shard has every vCPU of the VM, so ids, offsets and PPIs are the whole VM's, but runs only
    /// its own guests: the others are never loaded and arm no timer. A vCPU's guest depends on
    /// nothing but its own timers and the count, so it does the same in a shard as in the whole VM.
    /// </remarks>
    public TicklessVm(int vcpus, ulong frequency, VmTimersOptions options, IVirtualInterruptController interruptController, IGuestObserver observer, ulong physicalOffset = 0, ulong origin = 0, int shard = 0, int shards = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vcpus, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, shards);
        ArgumentNullException.ThrowIfNull(options);
        // Confined: the VM runs on one thread at a time (RunUntil takes the counter to its thread),
        // so the guests' timer accesses re-arm host timers without a lock.
        Counter = new ManualCounter(frequency, 0, ManualCounterThreading.Confined);
        Counter.AdvanceTo(origin);
        Vm = new VmTimers(Counter, interruptController, options);
        for (int i = 0; i < vcpus; i++)
        {
            var cpu = new GuestCpu(Vm.CreateVcpu());
            if (options.NestedVirtualization)
            {
                // The guest hypervisor: VHE (E2H), EL1 timers and counters to its guest, then its guest runs.
                cpu.Hcr = GuestCpu.HcrRw | GuestCpu.HcrE2H;
                cpu.Cnthctl = Cnthctl.Reset.AsE2H1.WithEl1pten(true).WithEl1pcten(true);
                cpu.El = 1;
            }

            if (i % shards == shard)
            {
                _guests.Add(new TicklessGuest(cpu, (GuestStyle)(i % 3), observer));
            }
        }

        Vm.SetPhysicalOffset(physicalOffset);
        VcpuCount = vcpus;
    }

    /// <summary>The number of vCPUs of the whole VM, a shard's or not.</summary>
    public int VcpuCount { get; }

    /// <summary>The counter, confined to the thread that last ran the VM (<see cref="ManualCounterThreading.Confined"/>).</summary>
    public ManualCounter Counter { get; }

    /// <summary>The VM's timers.</summary>
    public VmTimers Vm { get; }

    /// <summary>The guests this VM (or shard) runs, by vCPU id.</summary>
    public IReadOnlyList<TicklessGuest> Guests => _guests;

    /// <summary>The guests' time: the VM's virtual count (CNTVCT_EL0 of a guest whose hypervisor adds no offset).</summary>
    public ulong GuestNow => Counter.Now - Vm.VirtualOffset;

    /// <summary>
    /// Runs every runnable guest to its WFI, then moves time to the next host-timer deadline, until
    /// <paramref name="end"/>, on the calling thread: the VM's confined counter moves to it, so the
    /// caller orders this after any other thread's last use of the VM (as a join does).
    /// </summary>
    /// <param name="end">The physical count to stop at.</param>
    /// <param name="progress">Called after each step of time, for a progress display.</param>
    public void RunUntil(ulong end, Action<ulong>? progress = null)
    {
        Counter.MoveToCurrentThread();
        while (true)
        {
            foreach (TicklessGuest guest in _guests)
            {
                if (guest.Runnable)
                {
                    guest.RunUntilWfi();
                }
            }

            UInt128? next = Counter.NextDeadline;
            if (next is not UInt128 deadline || deadline > end)
            {
                Counter.AdvanceTo(Math.Max(end, Counter.Now));
                return;
            }

            Counter.AdvanceTo((ulong)deadline);
            progress?.Invoke(Counter.Now);
        }
    }
}
