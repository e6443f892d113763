using System;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Simulation.Workloads;

/// <summary>How a tickless guest programs its timer.</summary>
public enum GuestStyle
{
    /// <summary>Programs the EL1 physical timer with TVAL (relative).</summary>
    PhysicalTval,

    /// <summary>Reads CNTPCT and programs the EL1 physical timer with CVAL (absolute).</summary>
    PhysicalCval,

    /// <summary>Uses the virtual timer, which KVM leaves to hardware.</summary>
    VirtualTval,
}

/// <summary>
/// One vCPU's guest: the timer code of a tickless kernel, as Linux's arch timer driver does it in
/// one-shot mode: program the timer for the next event, enable it, WFI, take the interrupt, mask it,
/// reprogram. Every access goes through the guest CPU model, so it traps exactly where the host's
/// configuration says.
/// </summary>
public sealed class TicklessGuest
{
    // Next-event distances in units of the vCPU's base period: a busy phase, then idle stretches.
    private static readonly int[] s_pattern = { 1, 1, 2, 1, 4, 1, 3 };

    private readonly IGuestObserver _observer;
    private readonly ulong _basePeriod;
    private readonly HostTimer _rerun;
    private int _ticks;

    /// <summary>Creates the guest of <paramref name="cpu"/>; its wake-ups make it runnable.</summary>
    /// <param name="cpu">The vCPU's CPU model.</param>
    /// <param name="style">How it programs its timer.</param>
    /// <param name="observer">Where it reports what it does.</param>
    public TicklessGuest(GuestCpu cpu, GuestStyle style, IGuestObserver observer)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(observer);
        Cpu = cpu;
        Style = style;
        _observer = observer;
        VcpuTimers vcpu = cpu.Timers;
        _basePeriod = vcpu.Vm.Frequency / 1000 * (ulong)(vcpu.Id % 3 + 1) + (ulong)vcpu.Id * 7;
        vcpu.WakeCallback = _ => Wake();
        _rerun = vcpu.Vm.Counter.CreateTimer(() => Runnable = true);
        Runnable = true;
    }

    /// <summary>The guest's CPU.</summary>
    public GuestCpu Cpu { get; }

    /// <summary>How it programs its timer.</summary>
    public GuestStyle Style { get; }

    /// <summary>Whether it has work to do (it has not yet run, or it was woken since its last WFI).</summary>
    public bool Runnable { get; private set; }

    /// <summary>The timer interrupts it has taken.</summary>
    public int Interrupts { get; private set; }

    /// <summary>The ticks it has programmed.</summary>
    public int Ticks => _ticks;

    /// <summary>
    /// Takes over the software state of <paramref name="source"/>, the same guest on the VM it was
    /// migrated from: its tick and interrupt counts, and whether it had work to do (it stays
    /// runnable if the restore woke it from its WFI).
    /// </summary>
    /// <param name="source">The guest before the migration.</param>
    public void ContinueFrom(TicklessGuest source)
    {
        ArgumentNullException.ThrowIfNull(source);
        VcpuTimers vcpu = Cpu.Timers;
        _ticks = source._ticks;
        Interrupts = source.Interrupts;
        Runnable = source.Runnable || (vcpu.IsBlocked && vcpu.WokenSinceBlock);
    }

    /// <summary>Runs the guest from where it stopped to its next WFI.</summary>
    public void RunUntilWfi()
    {
        VcpuTimers vcpu = Cpu.Timers;
        Runnable = false;
        vcpu.Unblock();
        KvmResult loaded = vcpu.Load();
        if (loaded != KvmResult.Ok)
        {
            _observer.CannotRun(Cpu, loaded);
            return;
        }

        bool physical = Style != GuestStyle.VirtualTval;
        SysregAccessor ctl = physical ? SysregAccessor.CntpCtlEl0 : SysregAccessor.CntvCtlEl0;
        if (_ticks > 0 && (vcpu.DeviceIrqLevel & (physical ? DeviceIrqLevel.El1PTimer : DeviceIrqLevel.El1VTimer)) != 0)
        {
            // The interrupt handler: check ISTATUS, then mask the timer until it is reprogrammed.
            Interrupts++;
            _observer.InterruptTaken(Cpu, (physical ? vcpu.Physical : vcpu.Virtual).Ppi);
            if ((Access(ctl, isWrite: false, 0) & CntpCtl.IstatusMask) == 0)
            {
                _observer.SpuriousInterrupt(Cpu);
            }

            Access(ctl, isWrite: true, CntpCtl.Reset.WithEnable(true).WithImask(true).Raw);
        }

        ulong delta = _basePeriod * (ulong)s_pattern[_ticks % s_pattern.Length];
        _ticks++;
        switch (Style)
        {
            case GuestStyle.PhysicalCval:
                ulong now = Access(SysregAccessor.CntpctEl0, isWrite: false, 0);
                Access(SysregAccessor.CntpCvalEl0, isWrite: true, now + delta);
                break;
            case GuestStyle.PhysicalTval:
                Access(SysregAccessor.CntpTvalEl0, isWrite: true, delta);
                break;
            default:
                Access(SysregAccessor.CntvTvalEl0, isWrite: true, delta);
                break;
        }

        Access(ctl, isWrite: true, CntpCtl.Reset.WithEnable(true).Raw);

        vcpu.Block();
        _observer.Blocked(Cpu, vcpu.BackgroundDeadline, vcpu.WokenSinceBlock);
        if (vcpu.WokenSinceBlock)
        {
            // Its line is already asserted (a CVAL that wrapped past the count), so a real guest
            // would take the interrupt at once, and again, in a storm. The host runs it again at
            // its next scheduler tick, 1 ms on: a time of the vCPU's own, so the run is the same
            // whatever other vCPUs do (and whichever shard of the VM it runs in).
            Runnable = false;
            _rerun.Arm((UInt128)vcpu.Vm.Counter.Now + (vcpu.Vm.Frequency / 1000));
        }
    }

    private void Wake()
    {
        _observer.Woken(Cpu);
        Runnable = true;
    }

    private ulong Access(SysregAccessor accessor, bool isWrite, ulong value)
    {
        _observer.Accessing(Cpu);
        GuestAccessResult result = Cpu.Execute(accessor, isWrite, value, rt: isWrite ? 1 : 0);
        _observer.Accessed(Cpu, accessor, isWrite, isWrite ? value : result.Value, result);
        return result.Value;
    }
}
