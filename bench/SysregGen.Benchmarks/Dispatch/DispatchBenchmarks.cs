using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using SysregGen.Registers;

namespace SysregGen.Benchmarks.Dispatch;

/// <summary>
/// Issue 5, item 1: from a trap's syndrome to the handler call, over a realistic mix of every timer
/// encoding (<see cref="TrapMix"/>). The generated dispatcher against the same table as a Dictionary
/// (QEMU), a sorted array with binary search (KVM) and a linear scan. Every alternative decodes the
/// ESR, finds the row, checks the direction, narrows AArch32 values and calls the same
/// <see cref="BenchHandler"/>; their tables are built from the generated <see cref="SysregTable"/>
/// at setup, and setup checks that all four make identical handler calls. Figures are per access.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private ulong[] _mix = null!;
    private ulong[] _gprs = null!;
    private Dictionary<uint, DispatchEntry> _dictionary = null!;
    private DispatchEntry[] _sorted = null!;
    private DispatchEntry[] _linear = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mix = TrapMix.Create();

        // X0..X30 and XZR (reads as 0): a write takes its value from Rt as the runtime does.
        _gprs = new ulong[32];
        for (int i = 0; i < 31; i++)
        {
            _gprs[i] = 0x0123_4567_89AB_CDEFUL * (ulong)(i + 1);
        }

        DispatchEntry[] rows = EncodingKey.Rows();
        _linear = rows;
        _sorted = rows.OrderBy(r => r.Key).ToArray();
        _dictionary = rows.ToDictionary(r => r.Key);
        if (_dictionary.Count != rows.Length)
        {
            throw new InvalidOperationException("Two rows of SysregTable share an encoding key.");
        }

        Verify();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TrapMix.Length, Description = "Dictionary (QEMU)")]
    public ulong Dictionary() => Run(new DictionaryLookup(_dictionary), _mix);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Generated dispatcher")]
    public ulong Generated() => RunGenerated(_mix);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Sorted array + binary search (KVM)")]
    public ulong BinarySearch() => Run(new BinarySearchLookup(_sorted), _mix);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Linear scan")]
    public ulong LinearScan() => Run(new LinearLookup(_linear), _mix);

    internal ulong RunGenerated(ReadOnlySpan<ulong> mix)
    {
        var handler = new BenchHandler();
        ulong[] gprs = _gprs;
        ulong sum = 0;
        foreach (ulong esr in mix)
        {
            if (!SysregAccess.TryDecode(esr, out SysregAccess access))
            {
                sum++;
                continue;
            }

            if (access.IsWrite)
            {
                access.Value = gprs[access.Rt];
            }

            AccessOutcome outcome = SysregDispatcher.Dispatch(ref handler, ref access);
            sum += Result(outcome, in access);
        }

        return sum ^ handler.Checksum;
    }

    internal ulong Run<TLookup>(TLookup lookup, ReadOnlySpan<ulong> mix)
        where TLookup : struct, IEntryLookup
    {
        var handler = new BenchHandler();
        ulong[] gprs = _gprs;
        ulong sum = 0;
        foreach (ulong esr in mix)
        {
            if (!lookup.TryFind(esr, out DispatchEntry entry))
            {
                sum++;
                continue;
            }

            SysregAccess access = EntryDispatch.Decode(esr, in entry);
            if (access.IsWrite)
            {
                access.Value = gprs[access.Rt];
            }

            AccessOutcome outcome = EntryDispatch.Dispatch(ref handler, in entry, ref access);
            sum += Result(outcome, in access);
        }

        return sum ^ handler.Checksum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Result(AccessOutcome outcome, in SysregAccess access) =>
        outcome == AccessOutcome.Handled && !access.IsWrite ? access.Value : (ulong)outcome + 1;

    /// <summary>Every alternative must give the same result for every syndrome of the mix, one at a time, and for the whole mix.</summary>
    private void Verify()
    {
        for (int i = 0; i < _mix.Length; i++)
        {
            ReadOnlySpan<ulong> one = _mix.AsSpan(i, 1);
            ulong expected = RunGenerated(one);
            Check(expected, Run(new DictionaryLookup(_dictionary), one), "Dictionary", _mix[i]);
            Check(expected, Run(new BinarySearchLookup(_sorted), one), "BinarySearch", _mix[i]);
            Check(expected, Run(new LinearLookup(_linear), one), "LinearScan", _mix[i]);
        }

        ulong all = Generated();
        Check(all, Dictionary(), "Dictionary", 0);
        Check(all, BinarySearch(), "BinarySearch", 0);
        Check(all, LinearScan(), "LinearScan", 0);

        static void Check(ulong expected, ulong actual, string name, ulong esr)
        {
            if (expected != actual)
            {
                throw new InvalidOperationException($"{name} disagrees with the generated dispatcher on ESR 0x{esr:x8}: 0x{actual:x} instead of 0x{expected:x}.");
            }
        }
    }
}
