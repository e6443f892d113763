namespace SysregGen.Generator;

/// <summary>
/// Whether a compilation reports SysregGen's diagnostics. A multi-targeted project compiles once per
/// target framework, and the specs, hence their diagnostics, are the same in each; the build props
/// let only the first framework report them (SysregGenReportDiagnostics=false in the others), and
/// every framework still generates the same code. A framework that does not report them reports,
/// when there are any, one error that counts them and says which framework shows them, so that a
/// build of that framework alone (dotnet build -f) still fails and says why.
/// </summary>
/// <param name="Report">False in the target frameworks that leave the reporting to another.</param>
/// <param name="ReportingFramework">The framework that reports them, for the message.</param>
internal sealed record DiagnosticReporting(bool Report, string ReportingFramework)
{
    /// <summary>Every diagnostic reported: a single-target project, or one outside MSBuild.</summary>
    public static DiagnosticReporting All { get; } = new(true, "");
}
