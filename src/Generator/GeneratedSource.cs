using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>A generated file; <see cref="Key"/> ties a register's struct to its spec (path and name); <see cref="Error"/> says why it could not be emitted.</summary>
internal sealed record GeneratedSource(string HintName, string Text, string? Key, DiagnosticInfo? Error = null);
