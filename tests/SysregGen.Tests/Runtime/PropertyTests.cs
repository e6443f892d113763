using CsCheck;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Timers;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Runtime;

/// <summary>Register-level invariants of the timers over random access sequences (CsCheck shrinks a failure to a minimal sequence).</summary>
public sealed class PropertyTests
{
    private enum Op
    {
        WriteCtl,
        WriteCval,
        WriteTval,
        Advance,
        PutLoad,
        BlockWake,
    }

    private static readonly Gen<(Op Op, bool Physical, ulong Value)> s_step =
        Gen.Select(Gen.Enum<Op>(), Gen.Bool, Gen.OneOf(Gen.ULong, Gen.ULong[0, 0x1_0000], Gen.Const(0UL), Gen.Const(ulong.MaxValue), Gen.UInt.Select(u => (ulong)u)));

    [Theory]
    [InlineData(ManualCounterThreading.Shared)]
    [InlineData(ManualCounterThreading.Confined)]
    public void InvariantsHoldAfterEveryStep(ManualCounterThreading threading)
    {
        s_step.Array[1, 40].Sample(steps =>
        {
            // Created on the thread that runs the sample, so a confined counter belongs to it.
            var t = new TestVm(threading: threading);
            t.Vcpu.Load();
            foreach ((Op op, bool physical, ulong value) in steps)
            {
                SysregAccessor ctl = physical ? SysregAccessor.CntpCtlEl0 : SysregAccessor.CntvCtlEl0;
                SysregAccessor cval = physical ? SysregAccessor.CntpCvalEl0 : SysregAccessor.CntvCvalEl0;
                SysregAccessor tval = physical ? SysregAccessor.CntpTvalEl0 : SysregAccessor.CntvTvalEl0;
                TimerContext timer = physical ? t.Vcpu.Physical : t.Vcpu.Virtual;
                switch (op)
                {
                    case Op.WriteCtl:
                        t.Write(ctl, value);
                        Assert.Equal(value & 0x3, timer.Ctl);
                        break;
                    case Op.WriteCval:
                        t.Write(cval, value);
                        Assert.Equal(value, t.Read(cval));
                        break;
                    case Op.WriteTval:
                        ulong now = timer.CountAt(t.Counter.Now);
                        t.Write(tval, value);
                        Assert.Equal(now + (ulong)(long)(int)(uint)value, t.Read(cval));
                        break;
                    case Op.Advance:
                        t.Counter.AdvanceTo(t.Counter.Now + Math.Min(value, 0x10_0000));
                        break;
                    case Op.PutLoad:
                        t.Vcpu.Put();
                        t.Vcpu.Load();
                        break;
                    default:
                        t.Vcpu.Block();
                        if (t.Vcpu.BackgroundDeadline is UInt128 due && due - t.Counter.Now <= 0x10_0000)
                        {
                            t.Counter.AdvanceTo((ulong)due);
                            Assert.True(t.Vcpu.WokenSinceBlock);
                        }

                        t.Vcpu.Unblock();
                        t.Vcpu.Load();
                        break;
                }

                CheckInvariants(t);
            }

            Assert.Equal(0, t.Irq.RedundantCalls);
        }, iter: 3_000);
    }

    private static void CheckInvariants(TestVm t)
    {
        ulong p = t.Counter.Now;
        foreach ((TimerContext timer, SysregAccessor ctl, SysregAccessor tval) in new[]
                 {
                     (t.Vcpu.Physical, SysregAccessor.CntpCtlEl0, SysregAccessor.CntpTvalEl0),
                     (t.Vcpu.Virtual, SysregAccessor.CntvCtlEl0, SysregAccessor.CntvTvalEl0),
                 })
        {
            ulong count = p - timer.Offset;
            ulong ctlValue = t.Read(ctl);
            Assert.Equal(0UL, ctlValue & ~0x7UL);                                   // only ENABLE, IMASK, ISTATUS
            Assert.Equal(timer.Cval <= count, (ctlValue & 0x4) != 0);               // ISTATUS is the condition
            Assert.Equal((ulong)(uint)(timer.Cval - count), t.Read(tval));          // TVAL is lo32(CVAL - count)
            bool shouldFire = (ctlValue & 0x3) == 0x1 && timer.Cval <= count;
            Assert.Equal(shouldFire, timer.Level);                                  // loaded: the line follows should_fire
            Assert.Equal(shouldFire, t.Irq.Level(0, timer.Ppi));
        }
    }
}
