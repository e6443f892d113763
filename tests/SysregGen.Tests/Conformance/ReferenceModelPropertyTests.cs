using System.Globalization;
using CsCheck;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Tests.Conformance;

/// <summary>
/// Random sequences on two vCPUs of a VM with or without nested virtualisation, run on the runtime
/// and on <see cref="ReferenceModel"/>: guest accesses to every encoding the specs define (AArch64 and
/// AArch32, valid and junk values) from EL0, EL1 and (virtual) EL2, changes of the execution state
/// (the EL, the guest hypervisor's E2H and TGE, its host's EL0), counter advances (with jumps towards
/// 2^64 and huge offsets), WFI, load/put, one-reg get/set (the EL2 timers and offsets too), reset and
/// snapshot. Every observable (values read, traps with their target EL and syndrome, UNDEFs with
/// theirs, the four lines' levels and raise counts, wakes, deadlines) must agree after every step. A
/// failure prints the shrunk sequence as a trace: save it and run <c>sysreg replay FILE</c>.
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
        State,
        FlipE2H,
    }

    /// <summary>One step. State: Index is the EL, Value bit 0 E2H and bit 1 TGE.</summary>
    private readonly record struct Step(OpKind Kind, int Vcpu, int Index, bool Write, ulong Value);

    /// <summary>A generated case: the VM, the real host it runs on (which the guest must not be able to tell), the steps.</summary>
    private sealed record Case(ModelVm Vm, HostMode Host, Step[] Steps);

    private static readonly SysregAccessorInfo[] s_accessors = SysregTable.Accessors.ToArray();
    private static readonly string[] s_registers = s_accessors.Select(a => a.Name).ToArray();
    private static readonly string[] s_oneRegs = ReferenceModel.OneRegs;

    private static readonly Gen<ulong> s_value = Gen.OneOf(
        Gen.ULong,
        Gen.ULong[0, 0x4000],
        Gen.Int[-0x4000, 0x4000].Select(i => (ulong)(long)i),
        Gen.OneOfConst(0UL, 1UL, 3UL, 5UL, 7UL, 0x7FFF_FFFFUL, 0x8000_0000UL, 0xFFFF_FFFFUL, 0x1_0000_0005UL, 1UL << 63, ulong.MaxValue - 1, ulong.MaxValue));

    /// <summary>
    /// Writes of the registers that decide what traps and which offsets apply: CNTKCTL_EL1 (also
    /// through CNTKCTL_EL12, and CNTHCTL_EL2 through it at EL2 with E2H = 1), CNTHCTL_EL2, CNTVOFF_EL2
    /// and CNTPOFF_EL2, often with values that let accesses through (E2H = 0 and 1 layouts, with ECV).
    /// </summary>
    private static readonly string[] s_controls = { "CNTKCTL_EL1", "CNTKCTL_EL12", "CNTHCTL_EL2", "CNTVOFF_EL2", "CNTPOFF_EL2" };

    private static readonly Gen<ulong> s_controlValue = Gen.OneOf(
        s_value,
        Gen.OneOfConst(0x3UL, 0x303UL, 0xC03UL, 0xF03UL, 0x1F03UL, 0x1003UL, 0x1303UL, 0x6F03UL));

    /// <summary>
    /// The encodings that reach a timer or a register that controls them, chosen more often than the
    /// rest (the Secure timers, CNTFRQ writes and the like are UNDEFINED wherever they are used).
    /// </summary>
    private static readonly int[] s_timerRegisters = Enumerable.Range(0, s_registers.Length)
        .Where(i => s_registers[i] is "CNTKCTL_EL1" or "CNTHCTL_EL2" or "CNTVOFF_EL2" or "CNTPOFF_EL2" or "CNTKCTL_EL12" or "CNTPCT_EL0" or "CNTVCT_EL0"
            || s_registers[i].StartsWith("CNTP_", StringComparison.Ordinal) || s_registers[i].StartsWith("CNTV_", StringComparison.Ordinal)
            || s_registers[i].StartsWith("CNTHP_", StringComparison.Ordinal) || s_registers[i].StartsWith("CNTHV_", StringComparison.Ordinal))
        .ToArray();

    private static readonly Gen<int> s_register = Gen.Frequency(
        (1, Gen.Int[0, s_registers.Length - 1]),
        (2, Gen.Int[0, s_timerRegisters.Length - 1].Select(i => s_timerRegisters[i])));

    private static readonly Gen<Step> s_step = Gen.Frequency(
        (34, Gen.Select(Gen.Int[0, Vcpus - 1], s_register, Gen.Bool, s_value, (v, r, w, x) => new Step(OpKind.Access, v, r, w, x))),
        (6, Gen.Select(Gen.Int[0, Vcpus - 1], Gen.Int[0, s_controls.Length - 1], s_controlValue, (v, r, x) => new Step(OpKind.Access, v, Reg(s_controls[r]), true, x))),
        (22, Gen.ULong[0, 0x3000].Select(d => new Step(OpKind.Advance, 0, 0, false, d))),
        (1, Gen.ULong[0, 0x1000].Select(d => new Step(OpKind.Jump, 0, 0, false, d))),
        (8, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.Block, v, 0, false, 0))),
        (4, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.Load, v, 0, false, 0))),
        (4, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.Put, v, 0, false, 0))),
        (6, Gen.Select(Gen.Int[0, Vcpus - 1], Gen.Int[0, s_oneRegs.Length - 1], s_value, (v, r, x) => new Step(OpKind.SetReg, v, r, true, x))),
        (5, Gen.Select(Gen.Int[0, Vcpus - 1], Gen.Int[0, s_oneRegs.Length - 1], (v, r) => new Step(OpKind.GetReg, v, r, false, 0))),
        (2, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.Reset, v, 0, false, 0))),
        (2, Gen.Const(new Step(OpKind.Snapshot, 0, 0, false, 0))),
        (6, Gen.Select(Gen.Int[0, Vcpus - 1], Gen.Int[0, 2], Gen.ULong[0, 3], (v, el, bits) => new Step(OpKind.State, v, el, false, bits))),
        (3, Gen.Int[0, Vcpus - 1].Select(v => new Step(OpKind.FlipE2H, v, 0, false, 0))));

    private static readonly Gen<ModelVm> s_vm = Gen.Select(
        Gen.Bool,
        Gen.Bool,
        Gen.OneOf(Gen.ULong[1, 0xFFFF_FFFF], Gen.ULong[1, ulong.MaxValue]),
        (nested, ecv, offset) => new ModelVm(nested, ecv, nested ? offset : 0, Vcpus));

    private static readonly Gen<Case> s_case = Gen.Select(
        s_vm,
        Gen.OneOfConst(HostMode.NonVhe, HostMode.Vhe, HostMode.VheEcv),
        s_step.Array[1, 2 * MeanLength],
        (vm, host, steps) => new Case(vm, host, steps));

    [Fact]
    public void RuntimeAgreesWithTheReferenceModel()
    {
        long target = long.TryParse(Environment.GetEnvironmentVariable("SYSREGGEN_PROPERTY_STEPS"), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 100_000;
        long steps = 0;
        s_case.Sample(
            c =>
            {
                Run(c);
                Interlocked.Add(ref steps, c.Steps.Length);
            },
            iter: Math.Max(1, target * 11 / 10 / MeanLength),
            print: ToTrace);

        Assert.True(steps >= target, $"only {steps} steps ran; the run must cover at least {target}");
    }

    [Fact]
    public void TheModelAndTheRuntimeAgreeOnAHandWrittenSequence()
    {
        // A fixed sequence through every kind of step, so the harness itself is exercised deterministically.
        Run(new Case(new ModelVm(false, false, 0, Vcpus), HostMode.NonVhe, new[]
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
            new Step(OpKind.State, 1, 0, false, 0),
            new Step(OpKind.Access, 1, Reg("CNTVCT_EL0"), false, 0),
            new Step(OpKind.Reset, 0, 0, false, 0),
            new Step(OpKind.Access, 0, Reg("CNTPCT_EL0"), true, 5),
            new Step(OpKind.SetReg, 0, OneReg("CNTHP_CTL_EL2"), true, 1),
        }));
    }

    [Fact]
    public void TheModelAndTheRuntimeAgreeOnAHandWrittenNestedSequence()
    {
        // The guest hypervisor arms its EL2 physical timer, lets its guest (E2H = 1, EL1) arm the EL1
        // virtual timer under a CNTVOFF_EL2, then the vCPU blocks: the EL2 timer's deadline wakes it.
        Run(new Case(new ModelVm(true, true, 0x1_0000_0000, Vcpus), HostMode.Vhe, new[]
        {
            new Step(OpKind.State, 0, 2, false, 1),
            new Step(OpKind.Access, 0, Reg("CNTKCTL_EL1"), true, 0xC03 | 1 << 12),
            new Step(OpKind.Access, 0, Reg("CNTVOFF_EL2"), true, 0x40),
            new Step(OpKind.Access, 0, Reg("CNTPOFF_EL2"), true, 0x20),
            new Step(OpKind.Advance, 0, 0, false, 0x1000),
            new Step(OpKind.Access, 0, Reg("CNTP_TVAL_EL0"), true, 0x500),
            new Step(OpKind.Access, 0, Reg("CNTP_CTL_EL0"), true, 1),
            new Step(OpKind.Access, 0, Reg("CNTV_TVAL_EL02"), true, 0x800),
            new Step(OpKind.Access, 0, Reg("CNTV_CTL_EL02"), true, 1),
            new Step(OpKind.State, 0, 1, false, 1),
            new Step(OpKind.Access, 0, Reg("CNTPCT_EL0"), false, 0),
            new Step(OpKind.Access, 0, Reg("CNTHCTL_EL2"), false, 0),
            new Step(OpKind.Block, 0, 0, false, 0),
            new Step(OpKind.Advance, 0, 0, false, 0x600),
            new Step(OpKind.State, 1, 0, false, 3),
            new Step(OpKind.Access, 1, Reg("CNTP_CTL_EL0"), false, 0),
            new Step(OpKind.FlipE2H, 1, 0, false, 0),
            new Step(OpKind.Access, 1, Reg("CNTFRQ_EL0"), true, 1),
            new Step(OpKind.SetReg, 1, OneReg("CNTVOFF_EL2"), true, 0x1234),
            new Step(OpKind.GetReg, 1, OneReg("TIMER_CNT"), false, 0),
            new Step(OpKind.Snapshot, 0, 0, false, 0),
            new Step(OpKind.Reset, 0, 0, false, 0),
            new Step(OpKind.Jump, 0, 0, false, 0x10),
        }));
    }

    private static int Reg(string name) => Array.IndexOf(s_registers, name);

    private static int OneReg(string name) => Array.IndexOf(s_oneRegs, name);

    private static void Run(Case c)
    {
        var model = new ReferenceModel(c.Vm);
        var real = new Runtime(c.Vm, c.Host);
        for (int i = 0; i < c.Steps.Length; i++)
        {
            Step s = c.Steps[i];
            switch (s.Kind)
            {
                case OpKind.Access:
                {
                    string name = s_registers[s.Index];
                    if (model.Access(s.Vcpu, name, s.Write, s.Value) is not ModelOutcome expected)
                    {
                        break; // an AArch32 encoding at EL2: not an access this CPU can make
                    }

                    GuestAccessResult got = real.Access(s.Vcpu, s.Index, s.Write, s.Value);
                    string what = $"vcpu{s.Vcpu} at EL{model.El(s.Vcpu)} (HCR_EL2 {Show(model.Hcr(s.Vcpu))}) {(s.Write ? "writes" : "reads")} {name}";
                    Expect(i, Describe(expected), Describe(got), what);
                    if (!s.Write && expected.Kind == ModelOutcomeKind.Completed)
                    {
                        Expect(i, expected.Value, got.Value, what);
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
                {
                    string id = s_oneRegs[s.Index];
                    KvmRegisterIds.TryParse(id, out ulong setId);
                    KvmResult expected = model.HasOneReg(id) ? KvmResult.Ok : KvmResult.NoSuchRegister;
                    if (expected == KvmResult.Ok)
                    {
                        model.SetReg(s.Vcpu, id, s.Value);
                    }

                    Expect(i, expected, real.SetOneReg(s.Vcpu, setId, s.Value), $"set_reg {id}");
                    break;
                }

                case OpKind.GetReg:
                {
                    string id = s_oneRegs[s.Index];
                    KvmRegisterIds.TryParse(id, out ulong getId);
                    KvmResult result = real.Vm.Vcpus[s.Vcpu].GetOneReg(getId, out ulong value);
                    Expect(i, model.HasOneReg(id) ? KvmResult.Ok : KvmResult.NoSuchRegister, result, $"get_reg {id}");
                    if (result == KvmResult.Ok)
                    {
                        Expect(i, model.GetReg(s.Vcpu, id), value, id);
                    }

                    break;
                }

                case OpKind.Reset:
                    model.Reset(s.Vcpu);
                    real.Reset(s.Vcpu);
                    break;
                case OpKind.Snapshot:
                    model.Restore();
                    real.Snapshot();
                    break;
                default:
                    ChangeState(model, s);
                    real.SetState(s.Vcpu, model.El(s.Vcpu), model.Hcr(s.Vcpu));
                    break;
            }

            Observe(i, model, real);
        }
    }

    /// <summary>A State or FlipE2H step on the model; the runtime is then put in the state the model ends in.</summary>
    private static void ChangeState(ReferenceModel model, Step s)
    {
        ulong hcr = model.Hcr(s.Vcpu);
        if (s.Kind == OpKind.State)
        {
            model.SetState(s.Vcpu, s.Index, (s.Value & 1) != 0, (s.Value & 2) != 0);
        }
        else
        {
            model.SetState(s.Vcpu, model.El(s.Vcpu), (hcr & ReferenceModel.HcrE2H) == 0, (hcr & ReferenceModel.HcrTge) != 0);
        }
    }

    /// <summary>Every observable after a step: each line's level and raise count, wakes, deadlines, and that the interrupt controller heard only of changes.</summary>
    private static void Observe(int i, ReferenceModel model, Runtime real)
    {
        for (int v = 0; v < Vcpus; v++)
        {
            VcpuTimers vcpu = real.Vm.Vcpus[v];
            foreach (int ppi in ReferenceModel.Ppis)
            {
                Expect(i, model.Level(v, ppi), real.Irq.Level(v, ppi), $"vcpu{v} level of {ppi}");
                Expect(i, model.Raises(v, ppi), real.Irq.Raises(v, ppi), $"vcpu{v} raises of {ppi}");
            }

            Expect(i, model.Woken(v), vcpu.WokenSinceBlock, $"vcpu{v} woken");
            Expect(i, 0, real.Irq.RedundantCalls, "interrupt-controller calls that changed no line");
            Expect(i, model.Deadline(v), vcpu.BackgroundDeadline, $"vcpu{v} deadline");
        }
    }

    private static string Describe(ModelOutcome o) => o.Kind switch
    {
        ModelOutcomeKind.Completed => "completed",
        ModelOutcomeKind.Trapped => $"a trap to EL{o.TargetEl} with ESR {Show((ulong)o.Esr)}",
        _ => $"UNDEFINED to EL{o.TargetEl} (ESR {Show((ulong)o.Esr)})",
    };

    private static string Describe(GuestAccessResult r) => r.Outcome switch
    {
        GuestAccessOutcome.Completed => "completed",
        GuestAccessOutcome.TrappedToGuest => $"a trap to EL{r.TargetEl} with ESR {Show((ulong)(r.Esr ?? 0))}",
        _ => $"UNDEFINED to EL{r.TargetEl} (ESR {Show((ulong)(r.Esr ?? 0))})",
    };

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
