using SysregGen.Registers;
using SysregGen.Specs.Dispatch;
using SysregGen.Specs.Model;

namespace SysregGen.Tests.Generator;

/// <summary>
/// The generated dispatch table (the runtime's compiled copy of the generated code): its perfect hash
/// finds every encoding of the specs, with the row the accessor's own entry describes, and finds
/// nothing for any other syndrome; the generator's table builder and the lookup in
/// SysregGen.Abstractions agree on every slot, for one-level and two-choice tables.
/// </summary>
public sealed class DispatchTableTests
{
    private const int RandomSyndromes = 200_000;

    [Fact]
    public void EveryEncodingOfTheSpecsFindsItsOwnRow()
    {
        foreach (SysregAccessorInfo info in SysregTable.Accessors)
        {
            SysregRow row = SysregEncodings.FindRow(info.Encoding);
            Assert.True(row.IsPresent, info.Name);
            Assert.Equal(SysregTable.Row(info.Accessor), row);
            Assert.Equal(info.Accessor, (SysregAccessor)row.Accessor);
            Assert.Equal(info.Encoding.Value, row.Encoding);
            Assert.Equal(info.CanRead, row.CanRead);
            Assert.Equal(info.CanWrite, row.CanWrite);
            Assert.Equal(info.IsAlias, row.IsAlias);
            Assert.Equal(info.Kind == AccessorKind.AArch32, row.IsNarrow);

            SysregInfo register = SysregCatalog.Get(info.Register);
            Assert.Equal(register.Timer is not null, row.IsTimer);
            if (register.Timer is { } timer)
            {
                Assert.Equal(timer, row.Timer);
                Assert.Equal(register.TimerRegister, row.TimerRegister);
            }
            else
            {
                Assert.Equal(info.Register, (Sysreg)row.Register);
            }

            foreach (bool isRead in new[] { true, false })
            {
                ulong esr = Esr.ForAccess(info.Encoding, isRead, rt: 7, rt2: info.Kind == AccessorKind.AArch32Wide ? 9 : 0);
                Assert.True(SysregEncodings.TryFromEsr(esr, out SysregAccessor found), info.Name);
                Assert.Equal(info.Accessor, found);
            }
        }
    }

    [Fact]
    public void EveryOtherSyndromeOfARandomSampleFindsNothing()
    {
        var defined = new Dictionary<uint, SysregAccessor>();
        foreach (SysregAccessorInfo info in SysregTable.Accessors)
        {
            defined.Add(info.Encoding.Value, info.Accessor);
        }

        uint[] classes = { Esr.EcSysreg, Esr.EcMcrMrcCp15, Esr.EcMcrrMrrcCp15, Esr.EcMcrMrcCp14, Esr.EcMrrcCp14 };
        var random = new Random(12);
        int others = 0;
        for (int i = 0; i < RandomSyndromes; i++)
        {
            // Mostly system-register classes, with the timer block's CRn (14) half the time so that
            // near misses of real encodings are common; the rest any class at all.
            uint ec = random.Next(10) < 9 ? classes[random.Next(classes.Length)] : (uint)random.Next(64);
            uint iss = (uint)random.Next(1 << 25);
            if (random.Next(2) == 0)
            {
                iss = (iss & ~(0xFu << 10)) | 14u << 10;
            }

            ulong esr = (ulong)ec << 26 | 1u << 25 | iss;
            bool isSysreg = SysregEncoding.TryFromSyndrome(esr, out SysregEncoding encoding);
            bool expected = isSysreg && defined.ContainsKey(encoding.Value);
            Assert.Equal(expected, SysregEncodings.TryFromEsr(esr, out SysregAccessor accessor));
            if (expected)
            {
                Assert.Equal(defined[encoding.Value], accessor);
            }
            else
            {
                others++;
                Assert.False(SysregEncodings.FindRow(encoding).IsPresent);
            }
        }

        Assert.True(others >= 100_000, $"only {others} syndromes of other encodings were drawn");
    }

    [Theory]
    [InlineData(PerfectHashKind.OneLevel, 20)]
    [InlineData(PerfectHashKind.OneLevel, 54)]
    [InlineData(PerfectHashKind.TwoChoice, 20)]
    [InlineData(PerfectHashKind.TwoChoice, 54)]
    [InlineData(PerfectHashKind.TwoChoice, 300)]
    [InlineData(PerfectHashKind.TwoChoice, 1_600)]
    [InlineData(PerfectHashKind.TwoChoice, 6_000)]
    public void TheBuilderAndTheLookupAgreeOnEverySlot(PerfectHashKind kind, int count)
    {
        var random = new Random(count);
        (uint Key, ulong Row)[] rows = RandomRows(random, count);
        var keys = rows.Select(r => r.Key).ToHashSet();
        PerfectHashTable table = PerfectHashTable.Build(rows, kind) ?? throw new InvalidOperationException("no table");
        ulong[] slots = table.Slots.ToArray();
        Assert.Equal(kind, table.Kind);
        Assert.Equal(1 << table.SlotBits, slots.Length);
        Assert.True(slots.Length <= 4 * Math.Max(count, 64), $"{slots.Length} slots for {count} keys");

        SysregRow Find(uint key) => kind == PerfectHashKind.OneLevel
            ? PerfectHash.Find(slots, (uint)table.Multiplier, table.SlotShift, key)
            : PerfectHash.FindInEitherSlot(slots, table.Multiplier, table.SlotShift, key);

        Assert.Equal(count, rows.Select(r => table.SlotOf(r.Key)).Distinct().Count());
        Assert.Equal(count, slots.Count(s => s != 0));
        foreach ((uint key, ulong row) in rows)
        {
            Assert.Equal(row, slots[table.SlotOf(key)]);
            Assert.Equal(row, Find(key).Bits);
        }

        int others = 0;
        while (others < 100_000)
        {
            uint other = RandomEncoding(random).Value;
            if (!keys.Contains(other))
            {
                others++;
                Assert.False(Find(other).IsPresent, $"0x{other:X8}");
            }
        }
    }

    [Theory]
    [InlineData(20, PerfectHashKind.OneLevel)]
    [InlineData(54, PerfectHashKind.OneLevel)]
    [InlineData(300, PerfectHashKind.TwoChoice)]
    [InlineData(1_600, PerfectHashKind.TwoChoice)]
    public void TheGeneratorKeepsOneLevelWhereOneMultiplierSeparatesTheEncodings(int count, PerfectHashKind expected)
    {
        PerfectHashTable table = PerfectHashTable.Build(RandomRows(new Random(count), count)) ?? throw new InvalidOperationException("no table");
        Assert.Equal(expected, table.Kind);
    }

    [Theory]
    [InlineData(PerfectHashKind.OneLevel)]
    [InlineData(PerfectHashKind.TwoChoice)]
    public void EncodingZeroFindsItsRowAndNeverAnEmptySlot(PerfectHashKind kind)
    {
        // An empty slot is 0, whose encoding bits are those of encoding 0: the lookups must tell them apart.
        (uint Key, ulong Row)[] others = RandomRows(new Random(3), 40).Where(r => r.Key != 0).ToArray();
        SysregRow zeroRow = SysregRow.Create(FromValue(0), 4_000, 7, isTimer: false, true, true, false);
        foreach ((uint Key, ulong Row)[] rows in new[] { others, others.Append((0u, zeroRow.Bits)).ToArray() })
        {
            PerfectHashTable table = PerfectHashTable.Build(rows, kind) ?? throw new InvalidOperationException("no table");
            ulong[] slots = table.Slots.ToArray();
            Assert.Contains(0UL, slots);
            SysregRow found = kind == PerfectHashKind.OneLevel
                ? PerfectHash.Find(slots, (uint)table.Multiplier, table.SlotShift, 0)
                : PerfectHash.FindInEitherSlot(slots, table.Multiplier, table.SlotShift, 0);
            Assert.Equal(rows.Length > others.Length ? zeroRow : default, found);
        }
    }

    [Fact]
    public void TheSameEncodingsInAnotherOrderGiveTheSameTable()
    {
        (uint Key, ulong Row)[] rows = RandomRows(new Random(7), 1_600);
        PerfectHashTable first = PerfectHashTable.Build(rows)!;
        PerfectHashTable second = PerfectHashTable.Build(rows.Reverse().ToArray())!;
        Assert.Equal(first.Multiplier, second.Multiplier);
        Assert.Equal(first.Slots, second.Slots);
    }

    [Fact]
    public void ATableTooLargeForARowIsRefusedWithAReason()
    {
        var registers = Enumerable.Range(0, DispatchRows.MaxRegisters + 1)
            .Select(i => new RegisterEntry($"R{i}", $"R{i}", "", 64, 0, null, null, null, new A64Encoding(3, 0, 0, 0, 0), default, default, default))
            .ToEquatableArray();
        var table = new TableModel("N", registers, EquatableArray<AccessorEntry>.Empty, EquatableArray<string>.Empty, EquatableArray<ControlRegister>.Empty);
        string? problem = DispatchRows.TryBuild(table, out _, out PerfectHashTable? hash);
        Assert.Null(hash);
        Assert.Contains("4096 registers", problem, StringComparison.Ordinal);
    }

    private static (uint Key, ulong Row)[] RandomRows(Random random, int count)
    {
        var keys = new HashSet<uint>();
        while (keys.Count < count)
        {
            keys.Add(RandomEncoding(random).Value);
        }

        return keys.Select((k, i) => (k, SysregRow.Create(FromValue(k), i, i & 0xFFF, isTimer: false, true, true, false).Bits)).ToArray();
    }

    private static SysregEncoding RandomEncoding(Random random) => random.Next(4) switch
    {
        0 or 1 => SysregEncoding.AArch64(random.Next(4), random.Next(8), random.Next(16), random.Next(16), random.Next(8)),
        2 => SysregEncoding.AArch32(14 + random.Next(2), random.Next(8), random.Next(16), random.Next(16), random.Next(8)),
        _ => SysregEncoding.AArch32Wide(14 + random.Next(2), random.Next(16), random.Next(16)),
    };

    private static SysregEncoding FromValue(uint value) => (value >> 28) switch
    {
        0 => SysregEncoding.AArch64((int)(value >> 20) & 3, (int)(value >> 14) & 7, (int)(value >> 10) & 15, (int)(value >> 1) & 15, (int)(value >> 17) & 7),
        1 => SysregEncoding.AArch32((int)(value >> 24) & 15, (int)(value >> 14) & 7, (int)(value >> 10) & 15, (int)(value >> 1) & 15, (int)(value >> 17) & 7),
        _ => SysregEncoding.AArch32Wide((int)(value >> 24) & 15, (int)(value >> 16) & 15, (int)(value >> 1) & 15),
    };
}
