namespace SysregGen.Specs.Model;

/// <summary>The outcome of checking one spec file: the model when it is valid, and its diagnostics.</summary>
/// <param name="Spec">The register, or null when the file has errors (a bad spec generates nothing).</param>
/// <param name="DeclaredName">The register name the file declares, even when it has errors, so that
/// other specs' references to it are not reported a second time.</param>
/// <param name="Diagnostics">What is wrong with the file.</param>
public sealed record SpecResult(RegisterSpec? Spec, string? DeclaredName, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The specs that survive the cross-spec checks, the tables built from them, and what was wrong.</summary>
/// <param name="Table">The tables of the accepted specs.</param>
/// <param name="Registers">The accepted specs, in table order.</param>
/// <param name="Diagnostics">The cross-spec problems.</param>
public sealed record TableBuildResult(
    TableModel Table,
    EquatableArray<RegisterSpec> Registers,
    EquatableArray<DiagnosticInfo> Diagnostics);
