using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SysregGen.Registers;

namespace SysregGen.Benchmarks.Accessors;

/// <summary>
/// Issue 5, item 3: the generated field getters, setters and write masks against hand-written
/// mask-and-shift on the same 1,024 random values. Each category has its own hand-written
/// baseline; figures are per value. Fields: CNTP_CTL_EL0's three 1-bit fields and CNTHCTL_EL2
/// (E2H0 layout) EL1PCTEN, EL1PCEN and the 4-bit EVNTI.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AccessorBenchmarks
{
    private const int Count = 1024;
    private ulong[] _values = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _values = new ulong[Count];
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
        }

        // Both sides must compute the same thing.
        if (GettersHandWritten() != GettersGenerated() || SettersHandWritten() != SettersGenerated() || WriteMaskHandWritten() != WriteMaskGenerated())
        {
            throw new InvalidOperationException("The hand-written and generated accessors disagree.");
        }
    }

    [BenchmarkCategory("Getters"), Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public ulong GettersHandWritten()
    {
        ulong sum = 0;
        foreach (ulong v in _values)
        {
            sum += (v & 1) + ((v >> 1) & 1) + ((v >> 2) & 1);      // CNTP_CTL ENABLE, IMASK, ISTATUS
            sum += ((v >> 4) & 0xF) + (v & 1) + ((v >> 1) & 1);    // CNTHCTL EVNTI, EL1PCTEN, EL1PCEN
        }

        return sum;
    }

    [BenchmarkCategory("Getters"), Benchmark(OperationsPerInvoke = Count)]
    public ulong GettersGenerated()
    {
        ulong sum = 0;
        foreach (ulong v in _values)
        {
            CntpCtl ctl = CntpCtl.FromRaw(v);
            sum += (ctl.Enable ? 1UL : 0) + (ctl.Imask ? 1UL : 0) + (ctl.Istatus ? 1UL : 0);
            Cnthctl.E2H0 hctl = Cnthctl.FromRaw(v).AsE2H0;
            sum += hctl.Evnti + (hctl.El1pcten ? 1UL : 0) + (hctl.El1pcen ? 1UL : 0);
        }

        return sum;
    }

    [BenchmarkCategory("Setters"), Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public ulong SettersHandWritten()
    {
        ulong sum = 0;
        foreach (ulong v in _values)
        {
            bool on = (v & 0x100) != 0;
            byte evnti = (byte)(v >> 12 & 0xF);
            ulong ctl = on ? v | 1 : v & ~1UL;                           // ENABLE
            ctl = on ? ctl & ~2UL : ctl | 2;                             // IMASK
            ulong hctl = (v & ~0xF0UL) | ((ulong)evnti << 4);            // EVNTI
            hctl = on ? hctl | 2 : hctl & ~2UL;                          // EL1PCEN
            sum += ctl ^ hctl;
        }

        return sum;
    }

    [BenchmarkCategory("Setters"), Benchmark(OperationsPerInvoke = Count)]
    public ulong SettersGenerated()
    {
        ulong sum = 0;
        foreach (ulong v in _values)
        {
            bool on = (v & 0x100) != 0;
            byte evnti = (byte)(v >> 12 & 0xF);
            CntpCtl ctl = CntpCtl.FromRaw(v).WithEnable(on).WithImask(!on);
            Cnthctl.E2H0 hctl = Cnthctl.E2H0.FromRaw(v).WithEvnti(evnti).WithEl1pcen(on);
            sum += ctl.Raw ^ hctl.Raw;
        }

        return sum;
    }

    [BenchmarkCategory("Guest write"), Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public ulong WriteMaskHandWritten()
    {
        ulong sum = 0;
        ulong ctl = 0;
        ulong hctl = 0;
        foreach (ulong v in _values)
        {
            ctl = (v & 0x3) | (ctl & 0x4);                // CNTP_CTL: ENABLE, IMASK written; ISTATUS kept
            hctl = v & 0x000F_F0FFUL;                     // CNTHCTL (E2H0): the writable bits
            sum += ctl ^ hctl;
        }

        return sum;
    }

    [BenchmarkCategory("Guest write"), Benchmark(OperationsPerInvoke = Count)]
    public ulong WriteMaskGenerated()
    {
        ulong sum = 0;
        CntpCtl ctl = CntpCtl.Reset;
        Cnthctl.E2H0 hctl = Cnthctl.E2H0.Reset;
        foreach (ulong v in _values)
        {
            ctl = ctl.ApplyWrite(v);
            hctl = hctl.ApplyWrite(v);
            sum += ctl.Raw ^ hctl.Raw;
        }

        return sum;
    }
}
