using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;

namespace SysregGen.Benchmarks.AccessPath;

/// <summary>
/// The least an emulated access to a loaded vCPU's EL1 timers must do, and nothing else: a lower
/// bound for <see cref="AccessPathBenchmarks"/>, not a runtime. Each timer has CTL, CVAL and the level
/// last reported; a write stores the register, then the line follows the condition (told to the
/// interrupt controller through its interface when it changes) and the host timer is armed for the
/// deadline or cancelled, as KVM's <c>timer_emulate</c> does. What the runtime does on top, and this
/// leaves out: the owner check and the requests other threads hand over, nested virtualisation's
/// choice of context and its offsets, the VHE aliases, and the checks for a metrics or event
/// listener. One thing the bound pays that the runtime does not: it arms through the public
/// <see cref="HostTimer"/> API, which reads the calling thread for a confined counter, where the
/// runtime passes the thread its owner check has already read.
/// </summary>
internal sealed class MinimalTimers(SystemCounter counter, IVirtualInterruptController vgic, ulong offset)
{
    /// <summary>The CTL bits the runtime stores too.</summary>
    private const ulong StoredCtl = CntpCtl.EnableMask | CntpCtl.ImaskMask;

    private readonly Timer[] _timers = [new(counter, ppi: 30), new(counter, ppi: 27)];

    public bool PhysicalLevel => _timers[(int)TimerId.Physical].Level;

    public UInt128? PhysicalDeadline => _timers[(int)TimerId.Physical].Host.Deadline;

    /// <summary>Decodes nothing: the caller dispatches through the generated table to <see cref="Handler"/>.</summary>
    public Handler At(ulong now) => new(this, now);

    private AccessOutcome Access(TimerId id, TimerRegister register, ref SysregAccess access, ulong now)
    {
        if ((uint)id >= (uint)_timers.Length)
        {
            return AccessOutcome.Undefined;
        }

        Timer t = _timers[(int)id];
        ulong count = now - offset;
        if (!access.IsWrite)
        {
            access.Value = register switch
            {
                TimerRegister.Ctl => t.Ctl | (t.Cval <= count ? CntpCtl.IstatusMask : 0),
                TimerRegister.Cval => t.Cval,
                TimerRegister.Tval => (uint)(t.Cval - count),
                _ => count,
            };
            return AccessOutcome.Handled;
        }

        switch (register)
        {
            case TimerRegister.Ctl:
                t.Ctl = access.Value & StoredCtl;
                break;
            case TimerRegister.Cval:
                t.Cval = access.Value;
                break;
            case TimerRegister.Tval:
                t.Cval = count + (ulong)(long)(int)(uint)access.Value;
                break;
            default:
                return AccessOutcome.Undefined;
        }

        bool met = t.Cval <= count;
        bool canFire = (t.Ctl & StoredCtl) == CntpCtl.EnableMask;
        if ((canFire && met) != t.Level)
        {
            t.Level = canFire && met;
            vgic.SetLevel(0, t.Ppi, t.Level);
        }

        if (!canFire || met)
        {
            t.Host.Cancel();
        }
        else
        {
            t.Host.Arm((UInt128)now + (t.Cval - count));
        }

        return AccessOutcome.Handled;
    }

    private sealed class Timer(SystemCounter counter, int ppi)
    {
        public ulong Ctl;
        public ulong Cval;
        public bool Level;
        public readonly int Ppi = ppi;
        public readonly HostTimer Host = counter.CreateTimer(static () => { });
    }

    /// <summary>The dispatcher's handler: a struct, as the runtime's is.</summary>
    public readonly struct Handler(MinimalTimers timers, ulong now) : ITimerAccessHandler, ISysregAccessHandler<Sysreg>
    {
        public AccessOutcome AccessTimer(TimerId timer, TimerRegister timerRegister, ref SysregAccess access) =>
            timers.Access(timer, timerRegister, ref access, now);

        public AccessOutcome AccessRegister(Sysreg sysreg, ref SysregAccess access) => AccessOutcome.Unhandled;
    }
}
