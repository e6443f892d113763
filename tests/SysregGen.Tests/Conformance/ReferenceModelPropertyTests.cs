using System.Globalization;
using CsCheck;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Tests.Conformance;

/// <summary>
/// Random sequences of guest accesses (every encoding the specs define, AArch64 and AArch32, valid
/// and junk values), counter advances (with jumps towards 2^64 and huge offsets), WFI, load/put,
/// one-reg get/set, reset and snapshot, run on the runtime and on <see cref="ReferenceModel"/>;
/// every observable (values read, UNDEFs, levels, raise counts, wakes, deadlines) must agree after
/// every step. A failure prints the shrunk sequence as a trace: save it and run
/// <c>sysreg replay FILE</c> to reproduce it.
/// </summary>
/// <remarks>
/// The default run is at least 100,000 steps. Set SYSREGGEN_PROPERTY_STEPS (for example 10000000)
/// for a longer run, and CsCheck_Seed to replay a reported seed.
/// </remarks>
public sealed partial class ReferenceModelPropertyTests
{
    private const int Vcpus = 2;
    private const int MeanLength = 100;

    private enum OpKind
    {
        Access,
        Advance,
        Jump,
        Block,
        Load,
        Put,
        SetReg,
        GetReg,
        Reset,
        Snapshot,
    }

    private readonly record struct Step(OpKind Kind, int Vcpu, int Index, bool Write, ulong Value);

    private static readonly string[] s_registers = SysregTable.Accessors.ToArray().Select(a => a.Name).ToArray();
    private static readonly string[] s_oneRegs = { "TIMER_CTL", "TIMER_CVAL", "TIMER_CNT", "PTIMER_CTL", "PTIMER_CVAL", "PTIMER_CNT" };

    private static readonly Gen<ulong> s_value = Gen.OneOf(
        Gen.ULong,
        Gen.ULong[0, 0x4000],
        Gen.Int[-0x4000, 0x4000].Select(i => (ulong)(long)i),
        Gen.OneOfConst(0UL, 1UL, 3UL, 5UL, 7UL, 0x7FFF_FFFFUL, 0x8000_0000UL, 0xFFFF_FFFFUL, 0x1_0000_0005UL, 1UL << 63, ulong.MaxValue - 1, ulong.MaxValue));

    private static readonly Gen<Step> s_step = Gen.Frequency(
        (40, Gen.Select(Gen.Int[0, Vcpus - 1], Gen.Int[0, s_registers.Length - 1], Gen.Bool, s_value, (v, r, w, x) => new Step(OpKind.Access, v, r, w, x))),
        (22, Gen.ULong[0, 0x3000].Select(d => new Step(OpKind.Advance, 0, 0, false, d))),
        (1, Gen.ULong[0, 0x1000].Select(d => new Step(OpKind.Jump, 0, 0, false, d))),
        (8, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.Block, v, 0, false, 0))),
        (4, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.Load, v, 0, false, 0))),
        (4, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.Put, v, 0, false, 0))),
        (6, Gen.Select(Gen.Int[0, Vcpus - 1], Gen.Int[0, s_oneRegs.Length - 1], s_value, (v, r, x) => new Step(OpKind.SetReg, v, r, true, x))),
        (5, Gen.Select(Gen.Int[0, Vcpus - 1], Gen.Int[0, s_oneRegs.Length - 1], (v, r) => new Step(OpKind.GetReg, v, r, false, 0))),
        (2, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.Reset, v, 0, false, 0))),
        (2, Gen.Const(new Step(OpKind.Snapshot, 0, 0, false, 0))));

    [Fact]
    public void RuntimeAgreesWithTheReferenceModel()
    {
        long target = long.TryParse(Environment.GetEnvironmentVariable("SYSREGGEN_PROPERTY_STEPS"), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 100_000;
        long steps = 0;
        s_step.Array[1, 2 * MeanLength].Sample(
            sequence =>
            {
                Run(sequence);
                Interlocked.Add(ref steps, sequence.Length);
            },
            iter: Math.Max(1, target * 11 / 10 / MeanLength),
            print: ToTrace);

        Assert.True(steps >= target, $"only {steps} steps ran; the run must cover at least {target}");
    }

    [Fact]
    public void TheModelAndTheRuntimeAgreeOnAHandWrittenSequence()
    {
        // A fixed sequence through every kind of step, so the harness itself is exercised deterministically.
        int Reg(string name) => Array.IndexOf(s_registers, name);
        int OneReg(string name) => Array.IndexOf(s_oneRegs, name);
        Run(new[]
        {
            new Step(OpKind.Advance, 0, 0, false, 0x1000),
            new Step(OpKind.Access, 0, Reg("CNTP_TVAL_EL0"), true, 0x100),
            new Step(OpKind.Access, 0, Reg("CNTP_CTL_EL0"), true, 1),
            new Step(OpKind.Block, 0, 0, false, 0),
            new Step(OpKind.Advance, 0, 0, false, 0x100),
            new Step(OpKind.Access, 1, Reg("CNTV_CVAL"), true, 0x1200),
            new Step(OpKind.Access, 1, Reg("CNTV_CTL"), true, 0xFFFF_FFFF_0000_0001),
            new Step(OpKind.SetReg, 1, OneReg("TIMER_CNT"), true, 0xFFFF_FFFF_FFFF_FF00),
            new Step(OpKind.Snapshot, 0, 0, false, 0),
            new Step(OpKind.Jump, 0, 0, false, 0x10),
            new Step(OpKind.GetReg, 0, OneReg("PTIMER_CTL"), false, 0),
            new Step(OpKind.Reset, 0, 0, false, 0),
            new Step(OpKind.Access, 0, Reg("CNTPCT_EL0"), true, 5),
        });
    }

    private static void Run(Step[] sequence)
    {
        var model = new ReferenceModel(Vcpus);
        var real = new Runtime();
        for (int i = 0; i < sequence.Length; i++)
        {
            Step s = sequence[i];
            switch (s.Kind)
            {
                case OpKind.Access:
                {
                    string name = s_registers[s.Index];
                    ulong? expected = model.Access(s.Vcpu, name, s.Write, s.Value);
                    GuestAccessResult got = real.Access(s.Vcpu, name, s.Write, s.Value);
                    Expect(i, expected is null ? "UNDEFINED" : "completed", got.Outcome == GuestAccessOutcome.Undefined ? "UNDEFINED" : got.Outcome == GuestAccessOutcome.Completed ? "completed" : got.Outcome.ToString(), $"{(s.Write ? "write" : "read")} {name}");
                    if (!s.Write && expected is ulong value)
                    {
                        Expect(i, value, got.Value, $"read {name}");
                    }

                    break;
                }

                case OpKind.Advance or OpKind.Jump:
                {
                    ulong to = Target(model.Now, s);
                    model.AdvanceTo(to);
                    real.Counter.AdvanceTo(to);
                    break;
                }

                case OpKind.Block:
                    model.Block(s.Vcpu);
                    real.Vm.Vcpus[s.Vcpu].Block();
                    break;
                case OpKind.Load:
                    model.Load(s.Vcpu);
                    real.Vm.Vcpus[s.Vcpu].Unblock();
                    Expect(i, KvmResult.Ok, real.Vm.Vcpus[s.Vcpu].Load(), "load");
                    break;
                case OpKind.Put:
                    model.Put(s.Vcpu);
                    real.Vm.Vcpus[s.Vcpu].Put();
                    break;
                case OpKind.SetReg:
                    model.SetReg(s.Vcpu, s_oneRegs[s.Index], s.Value);
                    KvmRegisterIds.TryParse(s_oneRegs[s.Index], out ulong setId);
                    Expect(i, KvmResult.Ok, real.Vm.Vcpus[s.Vcpu].SetOneReg(setId, s.Value), "set_reg");
                    break;
                case OpKind.GetReg:
                {
                    KvmRegisterIds.TryParse(s_oneRegs[s.Index], out ulong getId);
                    Expect(i, KvmResult.Ok, real.Vm.Vcpus[s.Vcpu].GetOneReg(getId, out ulong value), "get_reg");
                    Expect(i, model.GetReg(s.Vcpu, s_oneRegs[s.Index]), value, s_oneRegs[s.Index]);
                    break;
                }

                case OpKind.Reset:
                    model.Reset(s.Vcpu);
                    real.Guests[s.Vcpu].Reset();
                    break;
                default:
                    real.Snapshot();
                    break;
            }

            for (int v = 0; v < Vcpus; v++)
            {
                VcpuTimers vcpu = real.Vm.Vcpus[v];
                foreach (int ppi in new[] { ReferenceModel.Ptimer, ReferenceModel.Vtimer })
                {
                    Expect(i, model.Level(v, ppi), real.Irq.Level(v, ppi), $"vcpu{v} level of {ppi}");
                    Expect(i, model.Raises(v, ppi), real.Irq.Raises(v, ppi), $"vcpu{v} raises of {ppi}");
                }

                Expect(i, model.Woken(v), vcpu.WokenSinceBlock, $"vcpu{v} woken");
                Expect(i, 0, real.Irq.RedundantCalls, "interrupt-controller calls that changed no line");
                Expect(i, model.Deadline(v), vcpu.BackgroundDeadline, $"vcpu{v} deadline");
            }
        }
    }

    private static ulong Target(ulong now, Step s) => s.Kind == OpKind.Jump
        ? Math.Max(now, ulong.MaxValue - s.Value)                 // towards the end of the counter's range
        : now + Math.Min(s.Value, ulong.MaxValue - now);

    private static void Expect<T>(int step, T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvalidOperationException($"step {step}: {what}: the model says {Show(expected)}, the runtime {Show(actual)}");
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "none",
        ulong u => "0x" + u.ToString("x", CultureInfo.InvariantCulture),
        UInt128 u => "0x" + u.ToString("x", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
