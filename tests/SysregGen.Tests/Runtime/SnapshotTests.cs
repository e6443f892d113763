using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>Snapshots for migration: a restored VM behaves exactly like the original, and a bad snapshot changes nothing.</summary>
public sealed class SnapshotTests
{
    /// <summary>Builds a VM with an armed physical timer, an expired virtual one, moved offsets and a blocked vCPU.</summary>
    private static TestVm Busy()
    {
        var t = new TestVm(vcpus: 2);
        t.Counter.AdvanceTo(0x3000);
        Assert.Equal(KvmResult.Ok, t.Vm.SetTimerIrq(TimerId.Virtual, 20));
        t.Write(SysregAccessor.CntpCvalEl0, 0x3100);
        t.Write(SysregAccessor.CntpCtlEl0, 0x1);
        t.Write(SysregAccessor.CntvTvalEl0, 0x0, vcpu: 1);
        t.Write(SysregAccessor.CntvCtlEl0, 0x1, vcpu: 1);
        t.Vm.Vcpus[0].Block();
        Assert.Equal(KvmResult.Ok, t.Vm.Vcpus[1].SetOneReg(KvmRegisterIds.PtimerCnt, 0x2F00));
        return t;
    }

    [Fact]
    public void RoundTripPreservesEveryField()
    {
        TestVm t = Busy();
        TimerSnapshot snapshot = TimerSnapshot.Capture(t.Vm, FixedClock);
        string json = snapshot.ToJson();
        Assert.True(TimerSnapshot.TryParse(json, out TimerSnapshot? parsed, out string? error), error);
        Assert.Equal(json, parsed!.ToJson());

        var copy = new TestVm(vcpus: 0);
        copy.Counter.AdvanceTo(t.Counter.Now);
        Assert.True(parsed.TryRestore(copy.Vm, out error), error);
        Assert.Equal(json, TimerSnapshot.Capture(copy.Vm, FixedClock).ToJson());
        Assert.Empty(copy.Irq.Changes); // restoring changes no line by itself...
        Assert.True(copy.Irq.Level(1, 20)); // ...and a new controller learns the lines that are high
    }

    [Fact]
    public void RestoredVmBehavesLikeTheOriginal()
    {
        TestVm original = Busy();
        string json = TimerSnapshot.Capture(original.Vm, FixedClock).ToJson();
        var copy = new TestVm(vcpus: 0);
        copy.Counter.AdvanceTo(original.Counter.Now);
        Assert.True(TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out _));
        Assert.True(snapshot!.TryRestore(copy.Vm, out string? error), error);
        foreach (VcpuTimers v in copy.Vm.Vcpus)
        {
            v.WakeCallback = w => { w.Unblock(); w.Load(); };
        }

        // The same future on both: the blocked vCPU wakes at its deadline (CVAL 0x3100 seen through
        // the physical offset 0x100 that PTIMER_CNT set) and its line rises.
        foreach (TestVm vm in new[] { original, copy })
        {
            Assert.Equal((UInt128)0x3200, vm.Vm.Vcpus[0].BackgroundDeadline);
            vm.Counter.AdvanceTo(0x31FF);
            Assert.False(vm.Vm.Vcpus[0].WokenSinceBlock);
            vm.Counter.AdvanceTo(0x3200);
            Assert.True(vm.Vm.Vcpus[0].WokenSinceBlock);
        }

        Assert.Equal(original.Irq.Changes.Where(c => c.Vcpu == 0), copy.Irq.Changes.Where(c => c.Vcpu == 0));
        foreach (ulong id in KvmRegisterIds.All)
        {
            for (int v = 0; v < 2; v++)
            {
                original.Vm.Vcpus[v].GetOneReg(id, out ulong a);
                copy.Vm.Vcpus[v].GetOneReg(id, out ulong b);
                Assert.Equal(a, b);
            }
        }

        Assert.Equal(20, copy.Vm.GetTimerIrq(TimerId.Virtual));
    }

    private const string Minimal = """{ "version": 2, "frequency": 62500000, "hostMode": "NonVhe", "features": "Vhe", "ppis": [30, 27, 28, 26], "vcpus": [] }""";

    public static TheoryData<string, string> Corruptions => new()
    {
        { "not JSON", "{ \"version\": 2, " },
        { "newer version", "\"version\": 2" + "|" + "\"version\": 3" },
        { "unknown property", "\"version\": 2" + "|" + "\"version\": 2, \"extra\": true" },
        { "CTL with ISTATUS", "\"ctl\": 1" + "|" + "\"ctl\": 5" },
        { "interrupt that is not a PPI", "\"ppis\": [\n    30" + "|" + "\"ppis\": [\n    40" },
        { "two timers on one interrupt", "\"ppis\": [\n    30" + "|" + "\"ppis\": [\n    20" },
        { "a timer missing", "\"timers\": [\n        {" + "|" + "\"timers\": [\n        null, {" },
        { "loaded and blocked", "\"blocked\": true" + "|" + "\"blocked\": true, \"loaded\": true" },
        { "run without frozen interrupts", "\"ppisFrozen\": true" + "|" + "\"ppisFrozen\": false" },
        { "wrong frequency", "\"frequency\": 62500000" + "|" + "\"frequency\": 1000000000" },
        { "unknown host mode", "\"hostMode\": \"NonVhe\"" + "|" + "\"hostMode\": \"Hybrid\"" },
        { "no vcpus key", Minimal.Replace(", \"vcpus\": []", "", StringComparison.Ordinal) },
        { "vcpus null", Minimal.Replace("\"vcpus\": []", "\"vcpus\": null", StringComparison.Ordinal) },
        { "ppis null", Minimal.Replace("\"ppis\": [30, 27, 28, 26]", "\"ppis\": null", StringComparison.Ordinal) },
        { "a vcpu null", Minimal.Replace("\"vcpus\": []", "\"vcpus\": [null]", StringComparison.Ordinal) },
        { "timers null", Minimal.Replace("\"vcpus\": []", "\"vcpus\": [{ \"id\": 0, \"timers\": null }]", StringComparison.Ordinal) },
        { "a number too big", "\"frequency\": 62500000" + "|" + "\"frequency\": 1e400" },
        { "empty", "" },
    };

    [Fact]
    public void TheMinimalSnapshotIsValid()
    {
        Assert.True(TimerSnapshot.TryParse(Minimal, out TimerSnapshot? snapshot, out string? error), error);
        Assert.Empty(snapshot!.Vcpus);
    }

    [Fact]
    public void ParseErrorsNameThePlaceWithoutSystemTextJsonAdvice()
    {
        Assert.False(TimerSnapshot.TryParse("{ \"version\": 2, }", out _, out string? error));
        Assert.DoesNotContain("JsonReaderOptions", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Change the reader options", error, StringComparison.Ordinal);
        Assert.Contains("line 1", error, StringComparison.Ordinal);

        Assert.False(TimerSnapshot.TryParse(Minimal.Replace("\"frequency\": 62500000", "\"frequency\": \"fast\"", StringComparison.Ordinal), out _, out error));
        Assert.StartsWith("frequency: \"fast\" is not an unsigned 64-bit number", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void CorruptOrMismatchedSnapshotsFailAndChangeNothing(string name, string edit)
    {
        string json = TimerSnapshot.Capture(Busy().Vm, FixedClock).ToJson();
        string corrupted = edit.Contains('|', StringComparison.Ordinal)
            ? ReplaceOnce(json, edit.Split('|')[0], edit.Split('|')[1])
            : edit;

        var target = new TestVm(vcpus: 1);
        target.Write(SysregAccessor.CntpCvalEl0, 0x1234);
        string before = TimerSnapshot.Capture(target.Vm, FixedClock).ToJson();
        target.Vcpu.Put();
        string beforePut = TimerSnapshot.Capture(target.Vm, FixedClock).ToJson();

        string? error;
        bool restored = TimerSnapshot.TryParse(corrupted, out TimerSnapshot? snapshot, out error) && snapshot!.TryRestore(target.Vm, out error);

        Assert.False(restored, name);
        Assert.False(string.IsNullOrWhiteSpace(error), name);
        Assert.Equal(beforePut, TimerSnapshot.Capture(target.Vm, FixedClock).ToJson());
        Assert.NotEqual(before, beforePut);
    }

    [Fact]
    public void RestoreRefusesAVmWithADifferentNumberOfVcpusOrARunningOne()
    {
        TimerSnapshot snapshot = TimerSnapshot.Capture(Busy().Vm, FixedClock);
        var three = new TestVm(vcpus: 3);
        Assert.False(snapshot.TryRestore(three.Vm, out string? error));
        Assert.Contains("2 vCPUs", error, StringComparison.Ordinal);

        var running = new TestVm(vcpus: 2);
        running.Vcpu.Load();
        Assert.False(snapshot.TryRestore(running.Vm, out error));
        Assert.Contains("loaded", error, StringComparison.Ordinal);
    }

    private static string ReplaceOnce(string text, string old, string replacement)
    {
        int at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{old}' not in the snapshot:\n{text}");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }
}
