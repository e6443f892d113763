using System;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Simulation.Workloads;

/// <summary>What a simulated guest reports as it runs: a timeline, statistics, or nothing.</summary>
public interface IGuestObserver
{
    /// <summary>The vCPU's background timer woke it from WFI.</summary>
    /// <param name="cpu">The guest CPU.</param>
    void Woken(GuestCpu cpu);

    /// <summary>The guest could not run: loading the vCPU failed (KVM's first-run checks).</summary>
    /// <param name="cpu">The guest CPU.</param>
    /// <param name="result">Why.</param>
    void CannotRun(GuestCpu cpu, KvmResult result);

    /// <summary>The guest takes a timer interrupt (its handler's accesses follow).</summary>
    /// <param name="cpu">The guest CPU.</param>
    /// <param name="ppi">The interrupt.</param>
    void InterruptTaken(GuestCpu cpu, int ppi);

    /// <summary>The interrupt handler found the timer's ISTATUS clear.</summary>
    /// <param name="cpu">The guest CPU.</param>
    void SpuriousInterrupt(GuestCpu cpu);

    /// <summary>The guest is about to execute a register access; level changes until <see cref="Accessed"/> are its effects.</summary>
    /// <param name="cpu">The guest CPU.</param>
    void Accessing(GuestCpu cpu);

    /// <summary>The guest executed a register access.</summary>
    /// <param name="cpu">The guest CPU.</param>
    /// <param name="accessor">The encoding.</param>
    /// <param name="isWrite">True for MSR.</param>
    /// <param name="value">The value written or read.</param>
    /// <param name="result">What became of it.</param>
    void Accessed(GuestCpu cpu, SysregAccessor accessor, bool isWrite, ulong value, GuestAccessResult result);

    /// <summary>The guest executed WFI.</summary>
    /// <param name="cpu">The guest CPU.</param>
    /// <param name="backgroundDeadline">The count its background timer is armed for, or null.</param>
    /// <param name="wokenAtOnce">Whether a line was already asserted, so it did not sleep.</param>
    void Blocked(GuestCpu cpu, UInt128? backgroundDeadline, bool wokenAtOnce);
}
