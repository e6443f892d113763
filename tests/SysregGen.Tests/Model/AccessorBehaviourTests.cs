using CsCheck;
using SysregGen.Registers;

namespace SysregGen.Tests.Model;

/// <summary>What the generated value structs do with bits: round trips, RES0/RES1, read-only bits, signs, widths.</summary>
public sealed class AccessorBehaviourTests
{
    [Fact]
    public void CtlFieldsRoundTrip()
    {
        CntpCtl ctl = CntpCtl.Reset.WithEnable(true).WithImask(true);
        Assert.Equal(0x3UL, ctl.Raw);
        Assert.True(ctl.Enable);
        Assert.True(ctl.Imask);
        Assert.False(ctl.Istatus);
        Assert.Equal(0x2UL, ctl.WithEnable(false).Raw);
        Assert.Equal("CNTP_CTL_EL0 0x0000000000000003 { ISTATUS = 0, IMASK = 1, ENABLE = 1 }", ctl.ToString());
    }

    [Fact]
    public void GuestWritesCannotSetIstatusOrRes0Bits()
    {
        // Checklist item 11/12: bits [63:3] ignored, ISTATUS read-only.
        Assert.Equal(0x3UL, CntpCtl.Reset.ApplyWrite(ulong.MaxValue).Raw);
        Assert.Equal(0x1UL, CntpCtl.Reset.ApplyWrite(0b101).Raw);

        // A read-only bit keeps the value the register had.
        CntpCtl withStatus = CntpCtl.FromRaw(CntpCtl.IstatusMask);
        Assert.Equal(0x5UL, withStatus.ApplyWrite(0x1).Raw);
    }

    [Fact]
    public void TvalIsASigned32BitView()
    {
        CntpTval tval = CntpTval.FromRaw(0x0000_0000_FFFF_FE0CUL);
        Assert.Equal(-500, tval.Tval);
        Assert.Equal(0x0000_0000_8000_0000UL, CntpTval.Reset.WithTval(int.MinValue).Raw);
        Assert.Equal(0x0000_0000_FFFF_FFFFUL, CntpTval.Reset.ApplyWrite(0xFFFF_FFFF_FFFF_FFFFUL).Raw);
        Assert.Equal(0xFFFF_FFFF_0000_0000UL, CntpTval.Res0Mask);
    }

    [Fact]
    public void CntfrqKeepsOnly32Bits()
    {
        Assert.Equal(0x3B9A_CA00UL, Cntfrq.Reset.ApplyWrite(0xFFFF_FFFF_3B9A_CA00UL).Raw);
        Assert.Equal(0x3B9A_CA00u, Cntfrq.FromRaw(0x3B9A_CA00).Clockfreq);
    }

    [Fact]
    public void WideFieldsRejectValuesThatDoNotFit()
    {
        Assert.Equal(0xF0UL, Cntkctl.Reset.WithEvnti(0xF).Raw);
        Assert.Throws<ArgumentOutOfRangeException>(() => Cntkctl.Reset.WithEvnti(0x10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cntkctl.Reset.WithEvntdir((Cntkctl.EvntdirValue)2));
    }

    [Fact]
    public void EnumeratedFieldsReadAndWriteByName()
    {
        Cntkctl k = Cntkctl.Reset.WithEvntdir(Cntkctl.EvntdirValue.OneToZero);
        Assert.Equal(0x8UL, k.Raw);
        Assert.Equal(Cntkctl.EvntdirValue.OneToZero, k.Evntdir);
        Assert.Contains("EVNTDIR = OneToZero", k.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CnthctlHasOneStorageAndTwoLayouts()
    {
        Cnthctl h = Cnthctl.FromRaw(0xC00);
        Assert.False(h.AsE2H0.El1pcen);
        Assert.True(h.AsE2H1.El1pten);
        Assert.True(h.AsE2H1.El1pcten);
        Assert.Equal("E2H1", Cnthctl.LayoutFor(e2h: true, tge: false));

        // Bits 11:8 are RES0 without E2H, writable with it.
        Assert.Equal(0x3UL, Cnthctl.Reset.ApplyWrite(0xF03, e2h: false, tge: false).Raw);
        Assert.Equal(0xF03UL, Cnthctl.Reset.ApplyWrite(0xF03, e2h: true, tge: false).Raw);
        Assert.Equal(0x3UL, Cnthctl.ResetValue);
        Cnthctl viaView = h.AsE2H1.WithEl0pten(true);
        Assert.Equal(0xE00UL, viaView.Raw);
    }

    [Fact]
    public void FeatureFieldsAreRes0WithoutTheirFeature()
    {
        ulong all = 0xF_FFFF;
        Assert.Equal(0xFFFUL, Cnthctl.E2H1.Reset.ApplyWrite(all, SysregFeatures.Vhe).Raw);
        Assert.Equal(0x3_FFFFUL, Cnthctl.E2H1.Reset.ApplyWrite(all, SysregFeatures.Vhe | SysregFeatures.Ecv).Raw);
        Assert.Equal(0xF_FFFFUL, Cnthctl.E2H1.Reset.ApplyWrite(all, SysregFeatures.Ecv | SysregFeatures.Rme).Raw);
    }

    [Fact]
    public void ApplyWriteIsIdempotentAndRespectsMasks_ForAnyValues()
    {
        Gen.Select(Gen.ULong, Gen.ULong).Sample((current, written) =>
        {
            CntpCtl before = CntpCtl.FromRaw(current);
            CntpCtl after = before.ApplyWrite(written);
            Assert.Equal(0UL, after.Raw & CntpCtl.Res0Mask);
            Assert.Equal(written & CntpCtl.WritableMask, after.Raw & CntpCtl.WritableMask);
            Assert.Equal(current & CntpCtl.ReadOnlyMask, after.Raw & CntpCtl.ReadOnlyMask);
            Assert.Equal(after, after.ApplyWrite(written));

            Cnthctl h = Cnthctl.FromRaw(current).ApplyWrite(written, e2h: true, tge: false);
            Assert.Equal(0UL, h.Raw & Cnthctl.E2H1.Res0Mask);
        }, iter: 10_000);
    }

    [Fact]
    public void SignedGetterAgreesWithTwosComplement_ForAnyValue()
    {
        Gen.Int.Sample(v => Assert.Equal(v, CntvTval.Reset.WithTval(v).Tval), iter: 10_000);
        Gen.ULong.Sample(raw => Assert.Equal(unchecked((int)(uint)raw), CntvTval.FromRaw(raw).Tval), iter: 10_000);
    }

    [Fact]
    public void CatalogResetValuesMatchTheStructs()
    {
        Assert.Equal(Cnthctl.ResetValue, SysregCatalog.Get(Sysreg.Cnthctl).ResetValue);
        Assert.Equal(CntpCtl.ResetValue, SysregCatalog.Get(CntpCtl.Id).ResetValue);
        Assert.True(SysregCatalog.TryGet("CNTVOFF_EL2", out SysregInfo? info));
        Assert.Equal(Sysreg.Cntvoff, info.Register);
        Assert.False(SysregCatalog.TryGet("CNTXOFF_EL2", out _));
    }
}
