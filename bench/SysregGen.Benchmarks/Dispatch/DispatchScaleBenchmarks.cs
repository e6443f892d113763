using BenchmarkDotNet.Attributes;
using SysregGen.Specs.Dispatch;

namespace SysregGen.Benchmarks.Dispatch;

/// <summary>
/// Issue 12: does finding a syndrome's row stay flat as a model grows from the timer's size to the
/// size of Linux's (~300) and Arm's (~1,600) register descriptions? Synthetic sets of distinct
/// encodings of every form (fixed seed); for each, the table the generator would emit (built by the
/// generator's own <see cref="PerfectHashTable"/>, one level where one multiplier separates the
/// encodings (the timer's size) and two choices beyond, read with the same <see cref="PerfectHash.Find"/>
/// or <see cref="PerfectHash.FindInEitherSlot"/>),
/// a Dictionary and a sorted array with binary search. The mix: 1,024 syndromes, 90% of encodings in
/// the set chosen evenly, 10% of others. Figures are per lookup, from the ESR to the row.
/// </summary>
/// <remarks>
/// The generated code holds the table as RVA constants and its multiplier and shifts as literals;
/// here they are arrays and fields, which costs the bench a little more than the generated code.
/// </remarks>
[MemoryDiagnoser]
public class DispatchScaleBenchmarks
{
    private const int MixLength = 1024;
    private ulong[] _mix = null!;
    private ulong[] _slots = null!;
    private bool _twoChoice;
    private ulong _multiplier;
    private int _slotShift;
    private Dictionary<uint, ulong> _dictionary = null!;
    private uint[] _sortedKeys = null!;
    private ulong[] _sortedRows = null!;

    [Params(20, 300, 1_600)]
    public int Encodings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Encodings);
        var encodings = new List<SysregEncoding>();
        var seen = new HashSet<uint>();
        while (encodings.Count < Encodings)
        {
            SysregEncoding e = RandomEncoding(random);
            if (seen.Add(e.Value))
            {
                encodings.Add(e);
            }
        }

        (uint Key, ulong Row)[] rows = encodings
            .Select((e, i) => (e.Value, SysregRow.Create(e, i, i & SysregRow.MaxRegister, isTimer: false, canRead: true, canWrite: true, isAlias: false).Bits))
            .ToArray();
        PerfectHashTable table = PerfectHashTable.Build(rows) ?? throw new InvalidOperationException("No table.");
        _slots = table.Slots.ToArray();
        _twoChoice = table.Kind == PerfectHashKind.TwoChoice;
        _multiplier = table.Multiplier;
        _slotShift = table.SlotShift;
        _dictionary = rows.ToDictionary(r => r.Key, r => r.Row);
        _sortedKeys = rows.Select(r => r.Key).Order().ToArray();
        _sortedRows = _sortedKeys.Select(k => _dictionary[k]).ToArray();
        Console.WriteLine($"// {Encodings} encodings: {(_twoChoice ? "two choices" : "one level")}, {_slots.Length} slots");

        _mix = new ulong[MixLength];
        for (int i = 0; i < _mix.Length; i++)
        {
            SysregEncoding e = random.Next(10) < 9 ? encodings[random.Next(encodings.Count)] : RandomEncoding(random);
            bool mrrcOnly = e.Kind == AccessorKind.AArch32Wide && e.Coproc == 14;    // p14 has no MCRR syndrome
            _mix[i] = Esr.ForAccess(e, isRead: mrrcOnly || random.Next(2) == 0, rt: random.Next(15), rt2: random.Next(15));
        }

        if (Generated() != Dictionary() || BinarySearch() != Dictionary())
        {
            throw new InvalidOperationException("The lookups disagree.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MixLength, Description = "Dictionary")]
    public ulong Dictionary()
    {
        ulong sum = 0;
        foreach (ulong esr in _mix)
        {
            if (SysregEncoding.TryFromSyndrome(esr, out SysregEncoding e) && _dictionary.TryGetValue(e.Value, out ulong row))
            {
                sum += row;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = MixLength, Description = "Generated perfect hash")]
    public ulong Generated()
    {
        ulong sum = 0;
        ReadOnlySpan<ulong> slots = _slots;
        if (_twoChoice)
        {
            foreach (ulong esr in _mix)
            {
                SysregEncoding.TryFromSyndrome(esr, out SysregEncoding e);
                SysregRow row = PerfectHash.FindInEitherSlot(slots, _multiplier, _slotShift, e.Value);
                sum += row.IsPresent ? row.Bits : 0;
            }
        }
        else
        {
            foreach (ulong esr in _mix)
            {
                SysregEncoding.TryFromSyndrome(esr, out SysregEncoding e);
                SysregRow row = PerfectHash.Find(slots, (uint)_multiplier, _slotShift, e.Value);
                sum += row.IsPresent ? row.Bits : 0;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = MixLength, Description = "Sorted array + binary search")]
    public ulong BinarySearch()
    {
        ulong sum = 0;
        foreach (ulong esr in _mix)
        {
            if (SysregEncoding.TryFromSyndrome(esr, out SysregEncoding e))
            {
                int i = Array.BinarySearch(_sortedKeys, e.Value);
                sum += i >= 0 ? _sortedRows[i] : 0;
            }
        }

        return sum;
    }

    private static SysregEncoding RandomEncoding(Random random) => random.Next(8) switch
    {
        < 6 => SysregEncoding.AArch64(2 + random.Next(2), random.Next(8), random.Next(16), random.Next(16), random.Next(8)),
        6 => SysregEncoding.AArch32(14 + random.Next(2), random.Next(8), random.Next(16), random.Next(16), random.Next(8)),
        _ => SysregEncoding.AArch32Wide(14 + random.Next(2), random.Next(16), random.Next(16)),
    };
}
