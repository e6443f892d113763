using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Diagnostics;

/// <summary>
/// The generator's Roslyn descriptors, one per SysregGen.Specs descriptor and built from it, and
/// the one place a <see cref="DiagnosticInfo"/> becomes a <see cref="Diagnostic"/> (in the output
/// step, so that pipeline models stay plain data).
/// </summary>
/// <remarks>
/// Roslyn's release-tracking analyzers (RS2000…) only see descriptors created with constant ids, so
/// they cannot see these; a unit test checks AnalyzerReleases.*.md against the Specs descriptors.
/// </remarks>
internal static class RoslynDiagnostics
{
    private static readonly Dictionary<SpecDiagnosticDescriptor, DiagnosticDescriptor> s_descriptors =
        DiagnosticDescriptors.All.ToDictionary(d => d, Create);

    /// <summary>Every descriptor the generator can report.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => DiagnosticDescriptors.All.Select(d => s_descriptors[d]);

    public static Diagnostic ToDiagnostic(DiagnosticInfo d) =>
        Diagnostic.Create(s_descriptors[d.Descriptor], ToLocation(d.Location), d.RelatedLocations.Select(ToLocation), d.Arguments.ToArray<object>());

    private static Location ToLocation(LocationInfo l) =>
        l.Path.Length == 0
            ? Location.None
            : Location.Create(l.Path, new TextSpan(l.Start, l.Length),
                new LinePositionSpan(new LinePosition(l.StartLine, l.StartColumn), new LinePosition(l.EndLine, l.EndColumn)));

    private static DiagnosticDescriptor Create(SpecDiagnosticDescriptor d) =>
        new(d.Id, d.Title, d.MessageFormat, d.Category,
            d.Severity == SpecDiagnosticSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            isEnabledByDefault: true, helpLinkUri: d.HelpLinkUri);
}
