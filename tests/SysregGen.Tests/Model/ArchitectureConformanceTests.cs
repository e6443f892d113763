using SysregGen.Registers;
using SysregGen.Tests.Reference;

namespace SysregGen.Tests.Model;

/// <summary>
/// The generated model (built from specs/) against <see cref="ArchitectureReference"/>, a separate
/// transcription of the architecture reference: encodings, AArch32 views, aliases, field positions,
/// syndromes and every trap decision. A wrong number in a spec fails here.
/// </summary>
public sealed class ArchitectureConformanceTests
{
    public static TheoryData<string> RegisterNames => new(ArchitectureReference.Registers.Select(r => r.Name));

    [Fact]
    public void EveryRegisterOfTheReferenceIsSpecified_AndNoOther()
    {
        // The reference is the generic timer's block (CRn 14): a register a user adds elsewhere
        // (the README's CONTEXTIDR_EL1) is none of its business.
        Assert.All(ArchitectureReference.Registers, r => Assert.Equal(TimerBlock, r.CRn));
        Assert.Equal(
            ArchitectureReference.Registers.Select(r => r.Name).Order(StringComparer.Ordinal),
            SysregTable.Accessors.ToArray()
                .Where(i => i.Kind == AccessorKind.AArch64 && !i.IsAlias && i.Encoding.CRn == TimerBlock)
                .Select(i => SysregCatalog.Get(i.Register).Name).Order(StringComparer.Ordinal));
    }

    /// <summary>CRn of the generic timer's registers, in AArch64 and AArch32 (MCRR/MRRC: CRm).</summary>
    private const int TimerBlock = 14;

    [Theory]
    [MemberData(nameof(RegisterNames))]
    public void AArch64EncodingFindsTheRegister(string name)
    {
        RegisterFacts facts = ArchitectureReference.Registers.Single(r => r.Name == name);
        Assert.True(SysregEncodings.TryFind(SysregEncoding.AArch64(facts.Op0, facts.Op1, facts.CRn, facts.CRm, facts.Op2), out SysregAccessor accessor));
        SysregAccessorInfo info = SysregTable.Get(accessor);
        Assert.Equal(name, info.Name);
        Assert.Equal(name, SysregCatalog.Get(info.Register).Name);
        Assert.False(info.IsAlias);
        Assert.Equal(AccessorKind.AArch64, info.Kind);
    }

    [Theory]
    [MemberData(nameof(RegisterNames))]
    public void AArch32ViewMatches(string name)
    {
        RegisterFacts facts = ArchitectureReference.Registers.Single(r => r.Name == name);
        Sysreg register = SysregCatalog.All.Single(r => r.Name == name).Register;
        SysregAccessorInfo[] views = SysregTable.Accessors.ToArray().Where(a => a.Register == register && a.Kind != AccessorKind.AArch64).ToArray();
        if (facts.AArch32 is not { } a32)
        {
            Assert.Empty(views);
            return;
        }

        SysregAccessorInfo view = Assert.Single(views);
        Assert.Equal(a32.Name, view.Name);
        bool found = a32.CRn is int crn && a32.Opc2 is int opc2
            ? SysregEncodings.TryFind(SysregEncoding.AArch32(a32.Coproc, a32.Opc1, crn, a32.CRm, opc2), out SysregAccessor accessor)
            : SysregEncodings.TryFind(SysregEncoding.AArch32Wide(a32.Coproc, a32.Opc1, a32.CRm), out accessor);
        Assert.True(found);
        Assert.Equal(view.Accessor, accessor);
        Assert.Equal(a32.CRn is null ? AccessorKind.AArch32Wide : AccessorKind.AArch32, view.Kind);
    }

    [Theory]
    [MemberData(nameof(RegisterNames))]
    public void FieldPositionsMatch(string name)
    {
        RegisterFacts facts = ArchitectureReference.Registers.Single(r => r.Name == name);
        SysregInfo info = SysregCatalog.All.Single(r => r.Name == name);
        if (facts.E2H1Fields is { } e2h1)
        {
            AssertSameFields(facts.Fields, info.Layouts.Single(l => l.AppliesTo(e2h: false, tge: false)));
            AssertSameFields(e2h1, info.Layouts.Single(l => l.AppliesTo(e2h: true, tge: false)));
            Assert.Single(info.Layouts, l => l.AppliesTo(e2h: true, tge: true));
        }
        else if (facts.Fields.Count > 0)
        {
            AssertSameFields(facts.Fields, Assert.Single(info.Layouts));
        }

        foreach (SysregLayoutInfo layout in info.Layouts)
        {
            // The spec's own coverage rule, observed from outside: fields, RES0 and RES1 tile the register.
            ulong fields = layout.Fields.Aggregate(0UL, (m, f) => m | f.Mask);
            Assert.Equal(ulong.MaxValue, fields | layout.Res0Mask | layout.Res1Mask);
            Assert.Equal(0UL, fields & (layout.Res0Mask | layout.Res1Mask));
        }
    }

    private static void AssertSameFields(IReadOnlyList<FieldFacts> expected, SysregLayoutInfo layout) =>
        Assert.Equal(
            expected.Select(f => (f.Name, f.Msb, f.Lsb)).OrderBy(f => f.Lsb),
            layout.Fields.Select(f => (f.Name, f.Msb, f.Lsb)).OrderBy(f => f.Lsb));

    [Fact]
    public void AliasesReachTheirTargets()
    {
        foreach (AliasFacts alias in ArchitectureReference.Aliases)
        {
            Assert.True(SysregEncodings.TryFind(SysregEncoding.AArch64(alias.Op0, alias.Op1, alias.CRn, alias.CRm, alias.Op2), out SysregAccessor accessor), alias.Name);
            SysregAccessorInfo info = SysregTable.Get(accessor);
            Assert.Equal(alias.Name, info.Name);
            Assert.True(info.IsAlias);
            Assert.Equal(alias.Target, SysregCatalog.Get(info.Register).Name);
        }

        Assert.Equal(ArchitectureReference.Aliases.Count, SysregTable.Accessors.ToArray().Count(a => a.IsAlias && a.Encoding.CRn == TimerBlock));
    }

    [Fact]
    public void EncodingsNoSpecDefinesAreNotFound()
    {
        var a64 = ArchitectureReference.Registers.Select(r => Key(r.Op0, r.Op1, r.CRn, r.CRm, r.Op2))
            .Concat(ArchitectureReference.Aliases.Select(a => Key(a.Op0, a.Op1, a.CRn, a.CRm, a.Op2))).ToHashSet();
        // Every encoding of the timer's block (CRn 14, and CRm 14 for the 64-bit AArch32 transfers).
        for (int key = 0; key < 1 << 16; key++)
        {
            if (((key >> 7) & 15) != TimerBlock)
            {
                continue;
            }

            var encoding = SysregEncoding.AArch64(key >> 14, (key >> 11) & 7, (key >> 7) & 15, (key >> 3) & 15, key & 7);
            Assert.Equal(a64.Contains(key), SysregEncodings.TryFind(encoding, out _));
        }

        var a32 = ArchitectureReference.Registers.Select(r => r.AArch32).OfType<A32Facts>().ToList();
        for (int opc1 = 0; opc1 < 8; opc1++)
        for (int crn = TimerBlock; crn == TimerBlock; crn++)
        for (int crm = 0; crm < 16; crm++)
        for (int opc2 = 0; opc2 < 8; opc2++)
        {
            bool expected = a32.Any(v => v.CRn == crn && v.Opc2 == opc2 && v.Opc1 == opc1 && v.CRm == crm);
            Assert.Equal(expected, SysregEncodings.TryFind(SysregEncoding.AArch32(15, opc1, crn, crm, opc2), out _));
            Assert.False(SysregEncodings.TryFind(SysregEncoding.AArch32(14, opc1, crn, crm, opc2), out _));
        }

        for (int opc1 = 0; opc1 < 16; opc1++)
        for (int crm = TimerBlock; crm == TimerBlock; crm++)
        {
            bool expected = a32.Any(v => v.CRn is null && v.Opc1 == opc1 && v.CRm == crm);
            Assert.Equal(expected, SysregEncodings.TryFind(SysregEncoding.AArch32Wide(15, opc1, crm), out _));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => SysregEncoding.AArch64(4, 3, 14, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SysregEncoding.AArch32(15, -1, 14, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SysregEncoding.AArch32(13, 0, 14, 2, 1));
        Assert.False(SysregEncodings.TryFromEsr(Esr.Undefined, out _));
        Assert.False(SysregEncodings.TryFromEsr(0x5600_0000, out _)); // EC 0x15 (SVC)
    }

    private static int Key(int op0, int op1, int crn, int crm, int op2) => (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

    [Fact]
    public void WorkedSyndromesEncodeAndDecode()
    {
        foreach (EsrFacts facts in ArchitectureReference.WorkedSyndromes)
        {
            SysregAccessorInfo info = Assert.Single(SysregTable.Accessors.ToArray(), a => a.Name == facts.Register);
            Assert.True(facts.Esr == Esr.ForAccess(info.Accessor.Encoding(), facts.IsRead, facts.Rt, Math.Max(facts.Rt2, 0)), $"{facts.Instruction}: 0x{Esr.ForAccess(info.Accessor.Encoding(), facts.IsRead, facts.Rt, Math.Max(facts.Rt2, 0)):X8}, expected 0x{facts.Esr:X8}");
            Assert.True(SysregAccess.TryDecode(facts.Esr, out SysregAccess access), facts.Instruction);
            Assert.True(SysregEncodings.TryFind(access.Encoding, out SysregAccessor found), facts.Instruction);
            Assert.Equal(info.Accessor, found);
            Assert.Equal(!facts.IsRead, access.IsWrite);
            Assert.Equal(facts.Rt, access.Rt);
            Assert.Equal(facts.Rt2, access.Rt2);
        }
    }

    [Fact]
    public void EverySyndromeRoundTrips()
    {
        foreach (SysregAccessorInfo info in SysregTable.Accessors)
        {
            foreach (bool isRead in new[] { true, false })
            {
                foreach (int rt in info.Kind == AccessorKind.AArch64 ? new[] { 0, 1, 17, 30, 31 } : new[] { 0, 1, 7, 14 })
                {
                    if (info.Kind == AccessorKind.AArch32Wide && info.Encoding.Coproc == 14 && !isRead)
                    {
                        continue; // EC 0x0C is MRRC only
                    }

                    uint esr = Esr.ForAccess(info.Accessor.Encoding(), isRead, rt, rt2: 5);
                    Assert.True(SysregAccess.TryDecode(esr, out SysregAccess access), info.Name);
                    Assert.True(SysregEncodings.TryFind(access.Encoding, out SysregAccessor found), info.Name);
                    Assert.Equal(info.Accessor, found);
                    Assert.Equal(info.Encoding, access.Encoding);
                    Assert.Equal(!isRead, access.IsWrite);
                    Assert.Equal(rt, access.Rt);
                    Assert.Equal(info.Kind == AccessorKind.AArch32Wide ? 5 : -1, access.Rt2);
                    Assert.Equal(1u, (esr >> 25) & 1); // IL: a 32-bit instruction
                }
            }
        }
    }

    /// <summary>
    /// Every register (and alias) x direction x EL0..2 x E2H/TGE x every combination of the trap
    /// bits that matter (CNTHCTL_EL2 bits 0, 1, 8-11, 13, 14; CNTKCTL_EL1 bits 0, 1, 8, 9) x FEAT_ECV,
    /// against the reference's transcription of the architecture's decision tables.
    /// </summary>
    [Fact]
    public void TrapDecisionsMatchTheArchitectureForEveryInput()
    {
        int[] hBits = { 0, 1, 8, 9, 10, 11, 13, 14 };
        int[] kBits = { 0, 1, 8, 9 };
        string[] names = ArchitectureReference.Registers.Select(r => r.Name).Concat(ArchitectureReference.Aliases.Select(a => a.Name)).ToArray();
        SysregAccessor[] accessors = names.Select(n => SysregTable.Accessors.ToArray().Single(a => a.Name == n).Accessor).ToArray();
        var mismatches = new List<string>();
        long checkedCount = 0;
        for (int h = 0; h < 1 << hBits.Length; h++)
        for (int k = 0; k < 1 << kBits.Length; k++)
        {
            ulong cnthctl = Spread(h, hBits), cntkctl = Spread(k, kBits);
            foreach (bool ecv in new[] { false, true })
            foreach (bool e2h in new[] { false, true })
            foreach (bool tge in new[] { false, true })
            {
                var controls = new TrapControls
                {
                    E2H = e2h, Tge = tge, Cnthctl = cnthctl, Cntkctl = cntkctl,
                    Features = SysregFeatures.Vhe | (ecv ? SysregFeatures.Ecv : SysregFeatures.None),
                };
                for (int el = 0; el <= 2; el++)
                foreach (bool isWrite in new[] { false, true })
                for (int i = 0; i < names.Length; i++)
                {
                    RefDecision expected = ArchitectureReference.Decide(names[i], isWrite, el, e2h, tge, cnthctl, cntkctl, ecv);
                    TrapDecision actual = TrapDecisions.Decide(accessors[i], isWrite, el, in controls);
                    checkedCount++;
                    string? accessed = actual.Outcome == TrapOutcome.Access ? SysregCatalog.Get(actual.Register).Name : null;
                    if ((int)actual.Outcome != (int)expected.Outcome || actual.TargetEl != expected.TargetEl || accessed != expected.AccessedRegister)
                    {
                        if (mismatches.Count < 20)
                        {
                            mismatches.Add($"{names[i]} {(isWrite ? "write" : "read")} EL{el} E2H={e2h} TGE={tge} ECV={ecv} CNTHCTL=0x{cnthctl:X} CNTKCTL=0x{cntkctl:X}: got {actual}, expected {expected}");
                        }
                    }
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(checkedCount > 1_000_000);
    }

    [Fact]
    public void AArch32ViewsDecideLikeTheirAArch64Register()
    {
        foreach (SysregAccessorInfo view in SysregTable.Accessors.ToArray().Where(a => a.Kind != AccessorKind.AArch64))
        {
            SysregAccessor primary = SysregTable.Accessors.ToArray().Single(a => a.Register == view.Register && a.Kind == AccessorKind.AArch64 && !a.IsAlias).Accessor;
            for (int bits = 0; bits < 1 << 6; bits++)
            {
                var controls = new TrapControls
                {
                    E2H = (bits & 1) != 0, Tge = (bits & 2) != 0,
                    Cnthctl = (bits & 4) != 0 ? 0xC03UL : 0x0UL, Cntkctl = (bits & 8) != 0 ? 0x303UL : 0UL,
                    Features = SysregFeatures.Vhe,
                };
                for (int el = 0; el <= 2; el++)
                {
                    bool isWrite = (bits & 16) != 0;
                    Assert.Equal(TrapDecisions.Decide(primary, isWrite, el, in controls), TrapDecisions.Decide(view.Accessor, isWrite, el, in controls));
                }
            }
        }
    }

    private static ulong Spread(int packed, int[] bits)
    {
        ulong value = 0;
        for (int i = 0; i < bits.Length; i++)
        {
            if ((packed >> i & 1) != 0)
            {
                value |= 1UL << bits[i];
            }
        }

        return value;
    }
}
