using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>
/// A generated file. <see cref="HintName"/> is what its emitter calls it; the output step makes hint
/// names unique before adding them. <see cref="Spec"/> ties a register's struct to its spec, so that
/// only the specs the cross-spec checks accept add theirs (<see cref="Layout"/> does the same for a
/// shared layout's type); <see cref="Error"/> says why the file could not be emitted.
/// </summary>
internal sealed record GeneratedSource(string HintName, string Text, RegisterSpec? Spec, DiagnosticInfo? Error = null, SharedLayoutSpec? Layout = null);
