using Microsoft.CodeAnalysis;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// A multi-targeted project runs the generator once per target framework; the build props let only
/// the first framework report SysregGen's diagnostics (SysregGenReportDiagnostics=false in the
/// others), so each error prints once. The other frameworks generate the same code, and say in one
/// error where the errors are, so that building one of them alone still fails.
/// </summary>
public sealed class DiagnosticReportingTests
{
    private static readonly InMemorySpec s_broken = new("specs/BROKEN_EL1.json", "{ \"name\": \"BROKEN_EL1\", \"width\": \"64\" }");

    private static readonly InMemorySpec s_clash = new("specs/zz/CLASH.json", MalformedSpecTests.Bystander);

    private static SpecOptionsProvider OtherFramework => new(properties: new Dictionary<string, string>
    {
        ["SysregGenReportDiagnostics"] = "false",
        ["SysregGenReportingFramework"] = "net8.0",
    });

    [Fact]
    public void AnotherFrameworkReportsOneErrorThatCountsThemAndGeneratesTheSameCode()
    {
        InMemorySpec[] specs = [.. GeneratorHarness.ShippedSpecs(), s_broken, new("specs/ok/OK.json", MalformedSpecTests.Bystander), s_clash];
        GeneratorOutput first = GeneratorHarness.Run(specs);
        GeneratorOutput other = GeneratorHarness.Run(specs, options: OtherFramework);

        Assert.True(first.GeneratorDiagnostics.Length >= 3, string.Join("\n", first.GeneratorDiagnostics)); // the broken spec's, and the clash
        Diagnostic summary = Assert.Single(other.GeneratorDiagnostics);
        Assert.Equal("SRG0033", summary.Id);
        Assert.Equal(Location.None, summary.Location);
        Assert.StartsWith($"{first.GeneratorDiagnostics.Length} SysregGen error(s) of this project are reported by its net8.0 build only", summary.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(first.Sources, other.Sources);
    }

    [Fact]
    public void WithoutErrorsAnotherFrameworkReportsNothing()
    {
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.ShippedSpecs(), options: OtherFramework);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("SysregGen.SysregTable.g.cs", output.Sources.Keys);
    }
}
