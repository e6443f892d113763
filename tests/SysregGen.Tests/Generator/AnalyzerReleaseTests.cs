using System.Text.RegularExpressions;
using SysregGen.Specs.Diagnostics;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// Release tracking of the diagnostic ids. Roslyn's RS2000 analyzers cannot see descriptors whose
/// ids are not constants, and the generator builds its descriptors from SysregGen.Specs' data, so
/// this test does their job: every descriptor has a row in AnalyzerReleases.Shipped.md or
/// .Unshipped.md with its category, severity and title, and every row names a descriptor.
/// </summary>
public sealed partial class AnalyzerReleaseTests
{
    [GeneratedRegex(@"^(?<id>SRG\d{4})\s*\|\s*(?<category>[^|]+?)\s*\|\s*(?<severity>[^|]+?)\s*\|\s*(?<notes>.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();

    [Fact]
    public void EveryDescriptorIsInTheReleaseFilesAndEveryRowIsADescriptor()
    {
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(f => Row().Matches(File.ReadAllText(Path.Combine(Repository.Root, "src", "Generator", "Diagnostics", f))))
            .Select(m => (Id: m.Groups["id"].Value, Category: m.Groups["category"].Value, Severity: m.Groups["severity"].Value, Notes: m.Groups["notes"].Value))
            .ToList();

        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).Order(StringComparer.Ordinal), rows.Select(r => r.Id).Order(StringComparer.Ordinal));
        foreach (SpecDiagnosticDescriptor d in DiagnosticDescriptors.All)
        {
            var row = rows.Single(r => r.Id == d.Id);
            Assert.Equal((d.Category, d.Severity.ToString(), d.Title), (row.Category, row.Severity, row.Notes));
        }
    }

    [Fact]
    public void DescriptorIdsAreUniqueAndEachHasItsHelpAnchor()
    {
        Assert.Equal(DiagnosticDescriptors.All.Count, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
        string docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "diagnostics.md"));
        foreach (SpecDiagnosticDescriptor d in DiagnosticDescriptors.All)
        {
            Assert.EndsWith("#" + d.Id.ToLowerInvariant(), d.HelpLinkUri, StringComparison.Ordinal);
            Assert.Contains($"<a id=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id} | {d.Title} | {d.MessageFormat} |", docs, StringComparison.Ordinal);
        }
    }
}
