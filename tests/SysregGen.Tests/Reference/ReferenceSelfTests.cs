// Pins the hand-written architecture reference (ArchitectureReference.cs) to the checklist of
// arm-timer-arch.md §7 and to the instruction words printed in §1.1, §2 and §4.6. These tests check the
// reference itself, not the generated model; they do not read specs/.

#nullable enable

using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SysregGen.Tests.Reference;

public class ReferenceSelfTests
{
    private static RefDecision D(
        string register, int el, bool e2h = false, bool tge = false, ulong cnthctl = 0, ulong cntkctl = 0,
        bool hasEcv = false, bool isWrite = false, bool hasVhe = true) =>
        ArchitectureReference.Decide(register, isWrite, el, e2h, tge, cnthctl, cntkctl, hasEcv, hasVhe);

    private static readonly RefDecision TrapToEl1 = new(RefOutcome.Trap, 1, null);
    private static readonly RefDecision TrapToEl2 = new(RefOutcome.Trap, 2, null);

    private static RefDecision Access(int el, string reached) => new(RefOutcome.Access, el, reached);

    private static RefDecision Undefined(int targetEl) => new(RefOutcome.Undefined, targetEl, null);

    // ---- encodings: the instruction-word columns of §1.1 and §2 agree with the encoding columns ----

    [Fact]
    public void Aarch64Encodings_ProduceTheMrsWordsOfSection1_1()
    {
        // MRS X0 column of §1.1.
        var mrsX0 = new Dictionary<string, uint>
        {
            ["CNTFRQ_EL0"] = 0xD53BE000, ["CNTPCT_EL0"] = 0xD53BE020, ["CNTVCT_EL0"] = 0xD53BE040,
            ["CNTPCTSS_EL0"] = 0xD53BE0A0, ["CNTVCTSS_EL0"] = 0xD53BE0C0, ["CNTKCTL_EL1"] = 0xD538E100,
            ["CNTP_TVAL_EL0"] = 0xD53BE200, ["CNTP_CTL_EL0"] = 0xD53BE220, ["CNTP_CVAL_EL0"] = 0xD53BE240,
            ["CNTV_TVAL_EL0"] = 0xD53BE300, ["CNTV_CTL_EL0"] = 0xD53BE320, ["CNTV_CVAL_EL0"] = 0xD53BE340,
            ["CNTVOFF_EL2"] = 0xD53CE060, ["CNTHCTL_EL2"] = 0xD53CE100, ["CNTHP_TVAL_EL2"] = 0xD53CE200,
            ["CNTHP_CTL_EL2"] = 0xD53CE220, ["CNTHP_CVAL_EL2"] = 0xD53CE240, ["CNTHV_TVAL_EL2"] = 0xD53CE300,
            ["CNTHV_CTL_EL2"] = 0xD53CE320, ["CNTHV_CVAL_EL2"] = 0xD53CE340, ["CNTKCTL_EL12"] = 0xD53DE100,
            ["CNTP_TVAL_EL02"] = 0xD53DE200, ["CNTP_CTL_EL02"] = 0xD53DE220, ["CNTP_CVAL_EL02"] = 0xD53DE240,
            ["CNTV_TVAL_EL02"] = 0xD53DE300, ["CNTV_CTL_EL02"] = 0xD53DE320, ["CNTV_CVAL_EL02"] = 0xD53DE340,
            ["CNTPOFF_EL2"] = 0xD53CE0C0,
            ["CNTHVS_TVAL_EL2"] = 0xD53CE400, ["CNTHVS_CTL_EL2"] = 0xD53CE420, ["CNTHVS_CVAL_EL2"] = 0xD53CE440,
            ["CNTHPS_TVAL_EL2"] = 0xD53CE500, ["CNTHPS_CTL_EL2"] = 0xD53CE520, ["CNTHPS_CVAL_EL2"] = 0xD53CE540,
            ["CNTPS_TVAL_EL1"] = 0xD53FE200, ["CNTPS_CTL_EL1"] = 0xD53FE220, ["CNTPS_CVAL_EL1"] = 0xD53FE240,
        };

        static uint Mrs(int op0, int op1, int crn, int crm, int op2) =>
            0xD5200000u | (uint)op0 << 19 | (uint)op1 << 16 | (uint)crn << 12 | (uint)crm << 8 | (uint)op2 << 5;

        var actual = ArchitectureReference.Registers.Select(r => (r.Name, Word: Mrs(r.Op0, r.Op1, r.CRn, r.CRm, r.Op2)))
            .Concat(ArchitectureReference.Aliases.Select(a => (a.Name, Word: Mrs(a.Op0, a.Op1, a.CRn, a.CRm, a.Op2))))
            .ToDictionary(x => x.Name, x => x.Word);

        Assert.Equal(mrsX0.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Aarch32Encodings_ProduceTheMrcAndMrrcWordsOfSection2()
    {
        // MRC (Rt=R0) and MRRC (Rt=R0, Rt2=R1) columns of §2, cond=AL.
        var words = new Dictionary<string, uint>
        {
            ["CNTFRQ"] = 0xEE1E0F10, ["CNTKCTL"] = 0xEE1E0F11, ["CNTP_TVAL"] = 0xEE1E0F12, ["CNTP_CTL"] = 0xEE1E0F32,
            ["CNTV_TVAL"] = 0xEE1E0F13, ["CNTV_CTL"] = 0xEE1E0F33, ["CNTHCTL"] = 0xEE9E0F11,
            ["CNTHP_TVAL"] = 0xEE9E0F12, ["CNTHP_CTL"] = 0xEE9E0F32,
            ["CNTPCT"] = 0xEC510F0E, ["CNTVCT"] = 0xEC510F1E, ["CNTP_CVAL"] = 0xEC510F2E, ["CNTV_CVAL"] = 0xEC510F3E,
            ["CNTVOFF"] = 0xEC510F4E, ["CNTHP_CVAL"] = 0xEC510F6E, ["CNTPCTSS"] = 0xEC510F8E,
            ["CNTVCTSS"] = 0xEC510F9E,
        };

        static uint Word(A32Facts a) => a.CRn is int crn && a.Opc2 is int opc2
            ? 0xEE100010u | (uint)a.Opc1 << 21 | (uint)crn << 16 | (uint)a.Coproc << 8 | (uint)opc2 << 5 | (uint)a.CRm
            : 0xEC500000u | 1u << 16 | (uint)a.Coproc << 8 | (uint)a.Opc1 << 4 | (uint)a.CRm;

        var actual = ArchitectureReference.Registers.Where(r => r.AArch32 is not null)
            .ToDictionary(r => r.AArch32!.Name, r => Word(r.AArch32!));

        Assert.Equal(words.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        Assert.All(
            ArchitectureReference.Registers.Where(r => r.Name.StartsWith("CNTHV_", StringComparison.Ordinal)),
            r => Assert.Null(r.AArch32));
    }

    [Fact]
    public void WorkedSyndromes_FollowTheSection4_6FormulasFromTheEncodingTables()
    {
        // CNTPOFF_EL2 is not one of the modelled registers; its encoding comes from §1.1.
        var a64 = ArchitectureReference.Registers.ToDictionary(r => r.Name, r => (r.Op0, r.Op1, r.CRn, r.CRm, r.Op2));
        a64["CNTPOFF_EL2"] = (3, 4, 14, 0, 6);
        var a32 = ArchitectureReference.Registers.Where(r => r.AArch32 is not null)
            .ToDictionary(r => r.AArch32!.Name, r => r.AArch32!);

        Assert.Equal(16, ArchitectureReference.WorkedSyndromes.Count);
        foreach (var s in ArchitectureReference.WorkedSyndromes)
        {
            uint dir = s.IsRead ? 1u : 0u;
            uint expected;
            if (a64.TryGetValue(s.Register, out var e))
            {
                // EC 0x18
                expected = 0x18u << 26 | 1u << 25 | (uint)e.Op0 << 20 | (uint)e.Op2 << 17 | (uint)e.Op1 << 14
                    | (uint)e.CRn << 10 | (uint)s.Rt << 5 | (uint)e.CRm << 1 | dir;
                Assert.Equal(-1, s.Rt2);
            }
            else if (a32[s.Register] is { CRn: int crn, Opc2: int opc2 } c)
            {
                // EC 0x03, CV=1, COND=0xE
                expected = 0x03u << 26 | 1u << 25 | 1u << 24 | 0xEu << 20 | (uint)opc2 << 17 | (uint)c.Opc1 << 14
                    | (uint)crn << 10 | (uint)s.Rt << 5 | (uint)c.CRm << 1 | dir;
                Assert.Equal(-1, s.Rt2);
            }
            else
            {
                // EC 0x04, CV=1, COND=0xE
                var m = a32[s.Register];
                expected = 0x04u << 26 | 1u << 25 | 1u << 24 | 0xEu << 20 | (uint)m.Opc1 << 16 | (uint)s.Rt2 << 10
                    | (uint)s.Rt << 5 | (uint)m.CRm << 1 | dir;
            }

            Assert.True(expected == s.Esr, $"{s.Instruction}: formula 0x{expected:X8}, table 0x{s.Esr:X8}");
        }
    }

    [Fact]
    public void Cnthctl_HasBothLayouts_AndOnlyCnthctlHasTwo()
    {
        var cnthctl = ArchitectureReference.Registers.Single(r => r.Name == "CNTHCTL_EL2");
        Assert.Contains(new FieldFacts("EL1PCEN", 1, 1), cnthctl.Fields);
        Assert.Contains(new FieldFacts("EL1PTEN", 11, 11), cnthctl.E2H1Fields!);
        Assert.Contains(new FieldFacts("EL0PTEN", 9, 9), cnthctl.E2H1Fields!);
        Assert.DoesNotContain(cnthctl.Fields, f => f.Lsb is >= 8 and <= 11);
        Assert.Single(ArchitectureReference.Registers, r => r.E2H1Fields is not null);
    }

    // ---- §7 traps (AArch64) ----

    [Fact]
    public void Item32_El0VirtualCounterWithEl0VctenClear_TrapsToEl1()
    {
        Assert.Equal(TrapToEl1, D("CNTVCT_EL0", el: 0, cnthctl: 0b11, cntkctl: 0b01));
        Assert.Contains(ArchitectureReference.WorkedSyndromes, s => s.Instruction == "MRS X2, CNTVCT_EL0" && s.Esr == 0x6234F841);
    }

    [Fact]
    public void Item33_SameWithTge_IsRoutedToEl2()
    {
        Assert.Equal(TrapToEl2, D("CNTVCT_EL0", el: 0, tge: true, cnthctl: 0b11, cntkctl: 0b01));
    }

    [Fact]
    public void Item34_El0PhysicalCounterWithEl1PctenClear_TrapsToEl2()
    {
        Assert.Equal(TrapToEl2, D("CNTPCT_EL0", el: 0, cnthctl: 0b10, cntkctl: 0b01));
    }

    [Fact]
    public void Item35_El1WithEl1PctenClear_TrapsPhysicalCounterOnly()
    {
        Assert.Equal(TrapToEl2, D("CNTPCT_EL0", el: 1, cnthctl: 0b10));
        Assert.Equal(Access(1, "CNTVCT_EL0"), D("CNTVCT_EL0", el: 1, cnthctl: 0b10));
    }

    [Fact]
    public void Item36_El1WithEl1PcenClear_TrapsPhysicalTimerOnly()
    {
        Assert.Equal(TrapToEl2, D("CNTP_CTL_EL0", el: 1, cnthctl: 0b01));
        Assert.Equal(TrapToEl2, D("CNTP_CVAL_EL0", el: 1, cnthctl: 0b01, isWrite: true));
        Assert.Equal(TrapToEl2, D("CNTP_TVAL_EL0", el: 1, cnthctl: 0b01));
        Assert.Equal(Access(1, "CNTPCT_EL0"), D("CNTPCT_EL0", el: 1, cnthctl: 0b01));
        Assert.Equal(Access(1, "CNTV_CTL_EL0"), D("CNTV_CTL_EL0", el: 1, cnthctl: 0b01));
        Assert.Equal(Access(1, "CNTV_CVAL_EL0"), D("CNTV_CVAL_EL0", el: 1, cnthctl: 0b01));
        Assert.Equal(Access(1, "CNTV_TVAL_EL0"), D("CNTV_TVAL_EL0", el: 1, cnthctl: 0b01));
    }

    [Fact]
    public void Item37_El1WithE2H_UsesBits10And11()
    {
        Assert.Equal(TrapToEl2, D("CNTPCT_EL0", el: 1, e2h: true, cnthctl: 0x003));
        Assert.Equal(TrapToEl2, D("CNTP_CTL_EL0", el: 1, e2h: true, cnthctl: 0x003));
        Assert.Equal(Access(1, "CNTPCT_EL0"), D("CNTPCT_EL0", el: 1, e2h: true, cnthctl: 0xC03));
        Assert.Equal(Access(1, "CNTP_CTL_EL0"), D("CNTP_CTL_EL0", el: 1, e2h: true, cnthctl: 0xC03));
    }

    [Fact]
    public void Item38_El0InHost_PhysicalTimerUsesEl0PtenAndReachesCnthp()
    {
        foreach (ulong k in new[] { 0UL, ulong.MaxValue }) // CNTKCTL_EL1 has no effect here
        {
            Assert.Equal(Access(0, "CNTHP_CTL_EL2"), D("CNTP_CTL_EL0", el: 0, e2h: true, tge: true, cnthctl: 1UL << 9, cntkctl: k));
            Assert.Equal(TrapToEl2, D("CNTP_CTL_EL0", el: 0, e2h: true, tge: true, cnthctl: 0, cntkctl: k));
        }
    }

    [Fact]
    public void Item39_El0InHost_CntfrqUsesCnthctlLowBits()
    {
        Assert.Equal(TrapToEl2, D("CNTFRQ_EL0", el: 0, e2h: true, tge: true, cnthctl: 0b00, cntkctl: 0b11));
        Assert.Equal(Access(0, "CNTFRQ_EL0"), D("CNTFRQ_EL0", el: 0, e2h: true, tge: true, cnthctl: 0b01, cntkctl: 0));
        Assert.Contains(ArchitectureReference.WorkedSyndromes, s => s.Instruction == "MRS X5, CNTFRQ_EL0" && s.Esr == 0x6230F8A1);
    }

    [Fact]
    public void Item40_El0NotInHost_CntfrqUsesCntkctlLowBits()
    {
        Assert.Equal(TrapToEl1, D("CNTFRQ_EL0", el: 0, cnthctl: 0b11, cntkctl: 0b00));
        Assert.Equal(Access(0, "CNTFRQ_EL0"), D("CNTFRQ_EL0", el: 0, cnthctl: 0b11, cntkctl: 0b10));
    }

    [Fact]
    public void Item41_CntfrqWriteBelowHighestEl_IsUndefined()
    {
        Assert.Equal(Undefined(1), D("CNTFRQ_EL0", el: 1, cnthctl: 0b11, isWrite: true));
        Assert.Equal(Undefined(1), D("CNTFRQ_EL0", el: 0, cnthctl: 0b11, cntkctl: 0b11, isWrite: true));
        // Item 41 assumes a CPU with EL3. This model has no EL3, so EL2 is the highest EL and may write.
        Assert.Equal(Access(2, "CNTFRQ_EL0"), D("CNTFRQ_EL0", el: 2, isWrite: true));
        Assert.Equal(0x0200_0000u, ArchitectureReference.UndefinedEsr);
    }

    [Fact]
    public void Item42_EcvTrapBits_TrapEl1ButNotEl0InHost()
    {
        const ulong el1tvt = 1UL << 13, el1tvct = 1UL << 14;
        Assert.Equal(TrapToEl2, D("CNTV_CTL_EL0", el: 1, cnthctl: 0b11 | el1tvt, hasEcv: true));
        Assert.Equal(TrapToEl2, D("CNTVCT_EL0", el: 1, cnthctl: 0b11 | el1tvct, hasEcv: true));

        // At EL0 with E2H=TGE=1 (EL0VCTEN, EL0VTEN set so nothing else traps): no trap, host registers reached.
        ulong host = 0b11 | 1UL << 8 | el1tvt | el1tvct;
        Assert.Equal(Access(0, "CNTHV_CTL_EL2"), D("CNTV_CTL_EL0", el: 0, e2h: true, tge: true, cnthctl: host, hasEcv: true));
        Assert.Equal(Access(0, "CNTVCT_EL0"), D("CNTVCT_EL0", el: 0, e2h: true, tge: true, cnthctl: host, hasEcv: true));

        // Without FEAT_ECV the bits are RES0 and do nothing.
        Assert.Equal(Access(1, "CNTV_CTL_EL0"), D("CNTV_CTL_EL0", el: 1, cnthctl: 0b11 | el1tvt, hasEcv: false));
        Assert.Equal(Access(1, "CNTVCT_EL0"), D("CNTVCT_EL0", el: 1, cnthctl: 0b11 | el1tvct, hasEcv: false));
    }

    [Fact]
    public void Item43_CntkctlCheckHasPriorityOverEl1Tvt()
    {
        Assert.Equal(TrapToEl1, D("CNTV_CTL_EL0", el: 0, cnthctl: 0b11 | 1UL << 13, cntkctl: 0, hasEcv: true));
        Assert.Equal(TrapToEl2, D("CNTV_CTL_EL0", el: 0, cnthctl: 0b11 | 1UL << 13, cntkctl: 1UL << 8, hasEcv: true));
    }

    [Fact]
    public void Item44_El02AliasNeedsE2H()
    {
        Assert.Equal(Undefined(2), D("CNTP_CTL_EL02", el: 2, e2h: false));
        Assert.Equal(Access(2, "CNTP_CTL_EL0"), D("CNTP_CTL_EL02", el: 2, e2h: true));
        Assert.Equal(Access(2, "CNTHP_CTL_EL2"), D("CNTP_CTL_EL0", el: 2, e2h: true));
        Assert.Equal(Undefined(1), D("CNTP_CTL_EL02", el: 1, e2h: true)); // no FEAT_NV
        Assert.Equal(Undefined(2), D("CNTP_CTL_EL02", el: 2, e2h: true, hasVhe: false));
    }

    [Fact]
    public void Item45_El2WithE2H_CntkctlRedirects()
    {
        Assert.Equal(Access(2, "CNTHCTL_EL2"), D("CNTKCTL_EL1", el: 2, e2h: true));
        Assert.Equal(Access(2, "CNTKCTL_EL1"), D("CNTKCTL_EL12", el: 2, e2h: true));
        Assert.Equal(Access(2, "CNTKCTL_EL1"), D("CNTKCTL_EL1", el: 2, e2h: false));
        Assert.Equal(Access(1, "CNTKCTL_EL1"), D("CNTKCTL_EL1", el: 1, cnthctl: 0, cntkctl: 0));
    }

    [Fact]
    public void Item46_El2RegistersFromEl1_AreUndefined()
    {
        Assert.Equal(Undefined(1), D("CNTHCTL_EL2", el: 1));
        Assert.Equal(Undefined(1), D("CNTVOFF_EL2", el: 1));
        Assert.Equal(Undefined(2), D("CNTVOFF_EL2", el: 0, tge: true));
        Assert.Equal(Access(2, "CNTVOFF_EL2"), D("CNTVOFF_EL2", el: 2));
    }

    // ---- static UNDEFINED cases and argument checks ----

    [Fact]
    public void StaticUndefined_FeaturesAndCounterWrites()
    {
        Assert.Equal(Undefined(1), D("CNTPCTSS_EL0", el: 1, cnthctl: 0b11, hasEcv: false));
        Assert.Equal(Access(1, "CNTPCTSS_EL0"), D("CNTPCTSS_EL0", el: 1, cnthctl: 0b11, hasEcv: true));
        Assert.Equal(Undefined(2), D("CNTHV_CTL_EL2", el: 2, hasVhe: false));
        Assert.Equal(Undefined(1), D("CNTVCT_EL0", el: 1, isWrite: true));
        Assert.Equal(Undefined(2), D("CNTPCT_EL0", el: 2, isWrite: true));
        Assert.Equal(Undefined(1), D("CNTKCTL_EL1", el: 0));
        Assert.Equal(Undefined(2), D("CNTKCTL_EL1", el: 0, tge: true));
    }

    [Fact]
    public void UnknownRegister_Throws()
    {
        Assert.Throws<ArgumentException>(() => D("CNTXOFF_EL2", el: 2));
        Assert.Throws<ArgumentException>(() => D("cntp_ctl_el0", el: 2));
    }
}
