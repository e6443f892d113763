using System.Diagnostics;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Timers;
using UnicornGuest.Unicorn;

namespace UnicornGuest.Machine;

/// <summary>
/// One vCPU on Unicorn with the SysregGen runtime behind its timers: the guest's timer-register
/// accesses trap to <see cref="VcpuTimers.HandleTrap(ulong, Span{ulong})"/>; its WFI blocks the vCPU and
/// the <see cref="ManualCounter"/> jumps to the vCPU's background deadline; a high timer line is
/// taken as an IRQ when PSTATE.I is clear. The counter stands still while the guest runs.
/// </summary>
public sealed partial class GuestMachine : IDisposable
{
    /// <summary>The counter's frequency: 62.5 MHz, as on many Arm servers.</summary>
    public const ulong Frequency = 62_500_000;

    private const long MaxInstructions = 200_000_000;
    private const ulong ScrEl3Rw = 1UL << 10;
    private const ulong HcrEl2Rw = 1UL << 31;

    private readonly ManualCounter _counter = new(Frequency);
    private readonly TimerLines _lines = new();
    private readonly VcpuTimers _vcpu;
    private readonly UcEngine _uc;
    private readonly ulong[] _registers = new ulong[31];
    private Exception? _failure;
    private long _doorbell;
    private long _instructions;
    private long _traps;
    private long _irqs;
    private long _undefs;
    private ulong _pc;
    private ulong? _pendingUndef;
    private bool _inIrq;
    private ulong _pstateAfterEret = ulong.MaxValue;
    private ulong _firstSpsr = ulong.MaxValue;

    /// <summary>Creates the machine and loads the guest.</summary>
    /// <param name="ticks">The ticks the guest waits for.</param>
    /// <param name="hz">Its tick rate.</param>
    public GuestMachine(int ticks, int hz)
    {
        var vm = new VmTimers(_counter, _lines);
        _vcpu = vm.CreateVcpu();
        _vcpu.OtherRegisters = new CounterFrequency(vm);
        _uc = new UcEngine(new Hooks(this));
        _uc.Map(GuestLayout.RamBase, GuestLayout.RamSize, UcConst.ProtAll);
        _uc.Map(GuestLayout.Doorbell, 0x1000, UcConst.ProtReadWrite);
        _uc.Write(GuestLayout.RamBase, GuestLayout.LoadImage());
        Span<byte> inputs = stackalloc byte[16];
        BitConverter.TryWriteBytes(inputs, (ulong)ticks);
        BitConverter.TryWriteBytes(inputs[8..], (ulong)hz);
        _uc.Write(GuestLayout.Report + 8, inputs);
        _uc.InstallHooks(GuestLayout.Doorbell, GuestLayout.Doorbell + 0xFFF);
        _uc.WriteReg(UcConst.RegPstate, ExceptionEntry.El1hMasked);   // reset: EL1h, interrupts masked

        // What firmware does before it drops to EL1: EL1 is AArch64 (SCR_EL3.RW, HCR_EL2.RW). Unicorn
        // 2.0.1 resets both to 0 (EL1 would be AArch32), and then every ERET at EL1 is an illegal
        // exception return that sets PSTATE.IL (docs/unicorn-sample.md).
        _uc.WriteSysreg(3, 6, 1, 1, 0, _uc.ReadSysreg(3, 6, 1, 1, 0) | ScrEl3Rw);   // SCR_EL3
        _uc.WriteSysreg(3, 4, 1, 1, 0, _uc.ReadSysreg(3, 4, 1, 1, 0) | HcrEl2Rw);   // HCR_EL2
    }

    /// <summary>Whether Unicorn 2 (libunicorn.so.2) can be loaded.</summary>
    /// <param name="error">Why not, with the package to install.</param>
    /// <returns>True when the sample can run.</returns>
    public static bool IsAvailable(out string? error) => UcNative.TryLoad(out error);

    /// <summary>Runs the guest until it rings its doorbell.</summary>
    /// <returns>The guest's report and the run's figures.</returns>
    /// <exception cref="InvalidOperationException">The guest stopped without WFI or doorbell, or would sleep for ever.</exception>
    public RunResult Run()
    {
        var clock = Stopwatch.StartNew();
        Check(_vcpu.Load());
        ulong pc = GuestLayout.RamBase;
        long wfis = 0;
        while (true)
        {
            _uc.Run(pc);
            if (_failure is not null)
            {
                throw new InvalidOperationException("The machine failed in a hook: " + _failure.Message, _failure);
            }

            if (_doorbell != 0)
            {
                break;
            }

            pc = _uc.ReadReg(UcConst.RegPc);
            if (!StoppedAfterWfi(pc))
            {
                throw new InvalidOperationException($"The CPU stopped at 0x{pc:x}, not after a WFI.");
            }

            wfis++;
            Sleep();
        }

        clock.Stop();
        Span<byte> page = new byte[(int)GuestLayout.TickLog + (GuestLayout.MaxTicks * 24)];
        _uc.Read(GuestLayout.Report, page);
        return new RunResult
        {
            Report = GuestReport.Parse(page),
            SimulatedTime = TimeSpan.FromSeconds((double)_counter.Now / Frequency),
            HostTime = clock.Elapsed,
            Instructions = _instructions,
            Traps = _traps,
            IrqsTaken = _irqs,
            UndefsInjected = _undefs,
            Wfis = wfis,
            PstateAfterEret = _pstateAfterEret,
            FirstSpsr = _firstSpsr,
            Doorbell = _doorbell,
        };
    }

    /// <inheritdoc/>
    public void Dispose() => _uc.Dispose();

    /// <summary>
    /// WFI: the vCPU blocks (its background timer is armed for the earliest deadline), the counter
    /// jumps there and fires it, and the vCPU is loaded again with its lines re-evaluated. The IRQ is
    /// taken before the next instruction runs (<see cref="Hooks.OnCode"/>).
    /// </summary>
    private void Sleep()
    {
        _vcpu.Block();
        if (!_vcpu.WokenSinceBlock)
        {
            UInt128 deadline = _vcpu.BackgroundDeadline
                ?? throw new InvalidOperationException("The guest waits in WFI with no timer that can fire: it would sleep for ever.");
            _counter.AdvanceTo((ulong)deadline);
        }

        _vcpu.Unblock();
        Check(_vcpu.Load());
    }

    private bool StoppedAfterWfi(ulong pc)
    {
        Span<byte> word = stackalloc byte[4];
        _uc.Read(pc - 4, word);
        return BitConverter.ToUInt32(word) == GuestLayout.Wfi;
    }

    private static void Check(SysregGen.Runtime.KvmResult result)
    {
        if (result != SysregGen.Runtime.KvmResult.Ok)
        {
            throw new InvalidOperationException($"The vCPU could not be loaded: {result}.");
        }
    }
}
