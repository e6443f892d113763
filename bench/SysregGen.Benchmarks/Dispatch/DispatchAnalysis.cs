using BenchmarkDotNet.Attributes;
using SysregGen.Registers;

namespace SysregGen.Benchmarks.Dispatch;

/// <summary>
/// Why the generated dispatcher misses its item-1 target, measured (not part of the targets). Same
/// mix, handler and baseline as <see cref="DispatchBenchmarks"/>, plus: the lookup alone (generated
/// TryDecode against a Dictionary probe); everything but the lookup (each syndrome's row handed
/// over, the lower bound for any table); both paths on a mix of one encoding only, where every
/// branch predicts; binary search again, so the prototype compares with it in one table; and a
/// prototype of the proposed fix, a build-time perfect hash into a row table, whole and lookup only.
/// </summary>
[MemoryDiagnoser]
public class DispatchAnalysis
{
    private ulong[] _mix = null!;
    private ulong[] _oneEncoding = null!;
    private int[] _rowOf = null!;
    private DispatchEntry[] _rows = null!;
    private Dictionary<uint, DispatchEntry> _dictionary = null!;
    private DispatchEntry[] _sorted = null!;
    private PerfectHashLookup _perfect;
    private readonly DispatchBenchmarks _paths = new();

    [GlobalSetup]
    public void Setup()
    {
        _paths.Setup();
        _mix = TrapMix.Create();
        _oneEncoding = Enumerable.Repeat((ulong)Esr.ForAccess(SysregAccessor.CntpTvalEl0.Encoding(), isRead: false, rt: 1), TrapMix.Length).ToArray();
        _rows = EncodingKey.Rows();
        _dictionary = _rows.ToDictionary(r => r.Key);
        _sorted = _rows.OrderBy(r => r.Key).ToArray();
        _perfect = PerfectHashLookup.Build(_rows);
        _rowOf = _mix.Select(esr => Array.FindIndex(_rows, r => r.Key == EncodingKey.FromEsr(esr))).ToArray();
        Console.WriteLine($"// Perfect hash: {_rows.Length} rows in {_perfect.Slots} slots");

        ulong expected = _paths.Generated();
        if (PerfectHash() != expected || RowGiven() != expected || Dictionary() != expected || BinarySearch() != expected
            || DecodeOnlyGenerated() != DecodeOnlyDictionary() || DecodeOnlyPerfectHash() != DecodeOnlyDictionary())
        {
            throw new InvalidOperationException("The analysis paths disagree with the generated dispatcher.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TrapMix.Length, Description = "Dictionary (QEMU), realistic mix")]
    public ulong Dictionary() => _paths.Run(new DictionaryLookup(_dictionary), _mix);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Generated, realistic mix")]
    public ulong Generated() => _paths.RunGenerated(_mix);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Sorted array + binary search (KVM), realistic mix")]
    public ulong BinarySearch() => _paths.Run(new BinarySearchLookup(_sorted), _mix);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Lookup only: generated TryDecode + TryFind")]
    public ulong DecodeOnlyGenerated()
    {
        ulong sum = 0;
        foreach (ulong esr in _mix)
        {
            if (SysregAccess.TryDecode(esr, out SysregAccess access) && SysregEncodings.TryFind(access.Encoding, out SysregAccessor accessor))
            {
                sum += (ulong)accessor + (ulong)access.Rt2;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Lookup only: Dictionary probe")]
    public ulong DecodeOnlyDictionary()
    {
        ulong sum = 0;
        var lookup = new DictionaryLookup(_dictionary);
        foreach (ulong esr in _mix)
        {
            if (lookup.TryFind(esr, out DispatchEntry entry))
            {
                sum += (ulong)entry.Accessor + (ulong)EntryDispatch.Decode(esr, in entry).Rt2;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Lookup only: perfect hash (proposal)")]
    public ulong DecodeOnlyPerfectHash()
    {
        ulong sum = 0;
        PerfectHashLookup lookup = _perfect;
        foreach (ulong esr in _mix)
        {
            if (lookup.TryFind(esr, out DispatchEntry entry))
            {
                sum += (ulong)entry.Accessor + (ulong)EntryDispatch.Decode(esr, in entry).Rt2;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "No lookup: row handed over (lower bound)")]
    public ulong RowGiven() => _paths.Run(new GivenRowLookup(_rows, _rowOf), _mix);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Generated, one encoding only")]
    public ulong GeneratedOneEncoding() => _paths.RunGenerated(_oneEncoding);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Dictionary, one encoding only")]
    public ulong DictionaryOneEncoding() => _paths.Run(new DictionaryLookup(_dictionary), _oneEncoding);

    [Benchmark(OperationsPerInvoke = TrapMix.Length, Description = "Proposal: perfect hash + row table")]
    public ulong PerfectHash() => _paths.Run(_perfect, _mix);

    /// <summary>Hands over the row of the i-th syndrome of the mix, found at setup: no lookup at all.</summary>
    private struct GivenRowLookup(DispatchEntry[] rows, int[] rowOf) : IEntryLookup
    {
        private int _next;

        public bool TryFind(ulong esr, out DispatchEntry entry)
        {
            entry = rows[rowOf[_next++ & (TrapMix.Length - 1)]];
            return true;
        }
    }
}
