using Microsoft.CodeAnalysis.CSharp;
using SysregGen.Specs.Model;

namespace SysregGen.Tests.Generator;

/// <summary>
/// SysregGen.Specs decides without Roslyn which names generated C# may use; it must agree with the
/// compiler, or a spec could pass lint and still break the build.
/// </summary>
public sealed class NamesTests
{
    public static TheoryData<string> Candidates()
    {
        // The text of every token kind the compiler knows (keywords of both sorts, and whatever else
        // it reserves, such as var and the discard), and a few names of every other sort.
        IEnumerable<string> tokens = Enum.GetValues<SyntaxKind>().Select(SyntaxFacts.GetText).Where(t => t.Length > 0);
        string[] others = { "", "Raw", "_x", "x1", "1x", "value", "dynamic", "Cntp_Ctl", "A-B", "a b", "Ünter", "x\u0301", "ǅ", "Ⅻ", "x\u200D", "@class", "$" };
        return new TheoryData<string>(tokens.Concat(others).Distinct(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Candidates))]
    public void IdentifierRulesAgreeWithTheCompiler(string name)
    {
        bool roslyn = SyntaxFacts.IsValidIdentifier(name) &&
                      SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None &&
                      SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None;
        Assert.Equal(roslyn, Names.IsValidIdentifier(name));
    }

    [Theory]
    [InlineData("CNTP_CTL_EL0", "CntpCtl")]
    [InlineData("CNTHCTL_EL2", "Cnthctl")]
    [InlineData("CNTPCTSS_EL0", "Cntpctss")]
    public void TypeNamesDropTheElSuffix(string register, string typeName) => Assert.Equal(typeName, Names.DefaultTypeName(register));

    [Fact]
    public void MemberNamesComeFromArchitectureNames()
    {
        Assert.Equal("CntpCtlEl02", Names.AccessorMemberName("CNTP_CTL_EL02", isAArch32: false));
        Assert.Equal("A32CntpCtl", Names.AccessorMemberName("CNTP_CTL", isAArch32: true));
        Assert.Equal("Ecv", Names.FeatureMemberName("FEAT_ECV"));
        Assert.Equal("El1pcen", Names.DefaultPropertyName("EL1PCEN"));
    }
}
