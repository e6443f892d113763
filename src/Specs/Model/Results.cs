namespace SysregGen.Specs.Model;

/// <summary>The outcome of checking one spec file: the model when it is valid, and its diagnostics.</summary>
/// <param name="Spec">The register, or null when the file has errors (a bad spec generates nothing).</param>
/// <param name="DeclaredName">The register name the file declares, even when it has errors, so that
/// other specs' references to it are not reported a second time.</param>
/// <param name="Diagnostics">What is wrong with the file.</param>
/// <param name="Kind">What the file describes; <paramref name="DeclaredName"/> is a register, layout or group name accordingly.</param>
/// <param name="Layout">The shared layout, for a valid layout file.</param>
/// <param name="Group">The trap-rule group, for a valid group file.</param>
public sealed record SpecResult(
    RegisterSpec? Spec,
    string? DeclaredName,
    EquatableArray<DiagnosticInfo> Diagnostics,
    SpecFileKind Kind = SpecFileKind.Register,
    SharedLayoutSpec? Layout = null,
    TrapGroupSpec? Group = null);

/// <summary>What a spec file describes, told by its first property: "name", "layout" or "trapGroup".</summary>
public enum SpecFileKind
{
    /// <summary>A register (top-level "name").</summary>
    Register,

    /// <summary>A shared field layout (top-level "layout"), like Linux's <c>SysregFields</c>.</summary>
    Layout,

    /// <summary>A group of trap rules (top-level "trapGroup") that registers splice in with <c>{ "use": … }</c>.</summary>
    TrapGroup,
}

/// <summary>The specs that survive the cross-spec checks, the tables built from them, and what was wrong.</summary>
/// <param name="Table">The tables of the accepted specs.</param>
/// <param name="Registers">The accepted specs, in table order, resolved: shared layouts, mappings and trap-rule groups filled in.</param>
/// <param name="Diagnostics">The cross-spec problems.</param>
/// <param name="Layouts">The accepted shared layouts, by path; each generates one type.</param>
public sealed record TableBuildResult(
    TableModel Table,
    EquatableArray<RegisterSpec> Registers,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<SharedLayoutSpec> Layouts = default);
