using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>
/// The MSBuild properties the generator reads (made compiler-visible by build/SysregGen.Generator.props),
/// as one equatable value: a change to any other property leaves the pipeline cached.
/// </summary>
/// <param name="Namespace">SysregGenNamespace, when it is a valid namespace; else SysregGen.Registers.</param>
/// <param name="SpecsFolder">SysregGenSpecsDir: messages name spec files relative to it.</param>
/// <param name="Reporting">Whether this compilation reports SysregGen's diagnostics (see <see cref="DiagnosticReporting"/>).</param>
/// <param name="RootNamespace">The project's RootNamespace (compiler-visible in every SDK project), for the namespace SRG0034 suggests.</param>
internal sealed record GeneratorOptions(string Namespace, string SpecsFolder, DiagnosticReporting Reporting, string RootNamespace)
{
    internal const string NamespaceProperty = "build_property.SysregGenNamespace";
    internal const string SpecsFolderProperty = "build_property.SysregGenSpecsDir";
    internal const string ReportProperty = "build_property.SysregGenReportDiagnostics";
    internal const string ReportingFrameworkProperty = "build_property.SysregGenReportingFramework";
    internal const string RootNamespaceProperty = "build_property.RootNamespace";

    public static GeneratorOptions From(AnalyzerConfigOptions global) =>
        new(NamespaceFrom(global), Value(global, SpecsFolderProperty),
            new DiagnosticReporting(!string.Equals(Value(global, ReportProperty), "false", System.StringComparison.OrdinalIgnoreCase), Value(global, ReportingFrameworkProperty)),
            Value(global, RootNamespaceProperty));

    private static string NamespaceFrom(AnalyzerConfigOptions global)
    {
        string value = Value(global, NamespaceProperty);
        return value.Length > 0 && value.Split('.').All(Names.IsValidIdentifier) ? value : TableModel.DefaultNamespace;
    }

    private static string Value(AnalyzerConfigOptions global, string key) =>
        global.TryGetValue(key, out string? value) && value is not null ? value.Trim() : "";
}
