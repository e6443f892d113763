using CsCheck;
using SysregGen.Registers;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// Bad input to the runtime's API gets the architecturally defined result, a clear outcome or a
/// documented argument exception, never a crash or a half-changed state.
/// </summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData(0x5A00_0000UL, "HVC #0 (EC 0x16)")]
    [InlineData(0x9200_0046UL, "a data abort (EC 0x24)")]
    [InlineData(0x0600_0000UL, "WFI (EC 0x01)")]
    [InlineData(0x0200_0000UL, "an UNDEFINED instruction (EC 0x00)")]
    [InlineData(0xFFFF_FFFF_FFFF_FFFFUL, "all ones")]
    public void ASyndromeThatIsNotASysregTrapSaysSo_AndTouchesNothing(ulong esr, string what)
    {
        var t = new TestVm();
        t.Vcpu.LoadOk();
        var registers = new ulong[31];
        registers.AsSpan().Fill(0x5555);

        Assert.Equal(AccessOutcome.NotSysregTrap, t.Vcpu.HandleTrap(esr, registers));
        Assert.All(registers, r => Assert.Equal(0x5555UL, r));
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void TheThreeOutcomesOfATrapAreDistinct()
    {
        var t = new TestVm();
        t.Vcpu.LoadOk();
        var x = new ulong[31];

        // A write to a counter: architecturally UNDEFINED.
        Assert.Equal(AccessOutcome.Undefined, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntpctEl0.Encoding(), isRead: false, rt: 1), x));
        // An encoding no spec defines: not the runtime's, for the host to handle or UNDEF.
        Assert.Equal(AccessOutcome.Unhandled, t.Vcpu.HandleTrap(Esr.ForAccess(SysregEncoding.AArch64(3, 0, 15, 15, 7), isRead: true, rt: 0), x));
        // A register of the model that is the CPU's, not the timers': also the host's.
        Assert.Equal(AccessOutcome.Unhandled, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntkctlEl1.Encoding(), isRead: true, rt: 0), x));
        Assert.Equal(AccessOutcome.Handled, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: true, rt: 0), x));
    }

    [Theory]
    [InlineData(AccessorKind.AArch64, 32, 0)]
    [InlineData(AccessorKind.AArch64, -1, 0)]
    [InlineData(AccessorKind.AArch32, 16, 0)]
    [InlineData(AccessorKind.AArch32Wide, 0, 16)]
    [InlineData(AccessorKind.AArch32Wide, 0, -1)]
    public void SyndromesAreNotBuiltFromOutOfRangeRegisters(AccessorKind kind, int rt, int rt2)
    {
        SysregEncoding encoding = kind switch
        {
            AccessorKind.AArch64 => SysregAccessor.CntpCtlEl0.Encoding(),
            AccessorKind.AArch32 => SysregAccessor.A32CntpCtl.Encoding(),
            _ => SysregAccessor.A32CntpCval.Encoding(),
        };
        Assert.Throws<ArgumentOutOfRangeException>(() => Esr.ForAccess(encoding, isRead: true, rt, rt2));
    }

    [Fact]
    public void AccessesAndEncodingsRejectFieldsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SysregAccess(SysregAccessor.CntpCtlEl0.Encoding(), isWrite: false, rt: 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SysregAccess(SysregAccessor.CntpCtlEl0.Encoding(), isWrite: false, rt2: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SysregAccess(SysregAccessor.A32CntpCval.Encoding(), isWrite: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => SysregEncoding.AArch64(3, 8, 14, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SysregEncoding.AArch32Wide(15, 16, 14));
        Assert.Throws<ArgumentException>(() => new TestVm().Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: true, rt: 30), new ulong[4]));
    }

    [Fact]
    public void AnySnapshotTextIsParsedOrRejected_NeverThrown()
    {
        var t = new TestVm(vcpus: 2);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1234);
        string valid = TimerSnapshot.Capture(t.Vm, FixedClock).ToJson();

        // Mutations of a valid snapshot: cut, spliced, characters replaced.
        Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 12], Gen.Char["{}[]\":,0123456789-enultrsfa "]).Sample((at, cut, c) =>
        {
            string text = valid[..at] + c + valid[Math.Min(valid.Length, at + cut)..];
            if (TimerSnapshot.TryParse(text, out TimerSnapshot? snapshot, out string? error))
            {
                var target = new TestVm(vcpus: 0);
                string before = TimerSnapshot.Capture(target.Vm, FixedClock).ToJson();
                if (!snapshot!.TryRestore(target.Vm, out error))
                {
                    Assert.False(string.IsNullOrEmpty(error));
                    Assert.Equal(before, TimerSnapshot.Capture(target.Vm, FixedClock).ToJson()); // nothing half-changed
                }
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
                Assert.DoesNotContain("System.Text.Json", error, StringComparison.Ordinal);
            }
        }, iter: 5_000);
    }
}
