namespace SysregGen.Generator.Model;

// The model of everything generated from all specs together: the register and accessor enums, the
// encoding lookups, the dispatch table, the trap decisions and the catalog. It is built from the
// valid specs after the cross-spec checks, carries no source locations (so that moving text around
// in a spec does not re-emit the tables) and is sorted so that output is independent of input order.

internal sealed record TableModel(
    string Namespace,
    EquatableArray<RegisterEntry> Registers,
    EquatableArray<AccessorEntry> Accessors,
    EquatableArray<string> Features,
    EquatableArray<ControlRegister> ControlRegisters);

/// <summary>A register as the tables need it.</summary>
internal sealed record RegisterEntry(
    string Name,
    string TypeName,
    string Description,
    int Width,
    ulong ResetValue,
    string? Feature,
    string? Timer,
    string? TimerRegister,
    A64Encoding Encoding,
    EquatableArray<CatalogLayout> Layouts,
    EquatableArray<ResolvedTrapRule> TrapRules,
    EquatableArray<ResolvedRedirect> Redirects);

internal sealed record CatalogLayout(string Name, Condition When, ulong Res0, ulong Res1, EquatableArray<CatalogField> Fields);

internal sealed record CatalogField(string Name, string PropertyName, int Msb, int Lsb, FieldAccess Access, ulong Reset, bool Signed, string? Feature);

/// <summary>One encoding that reaches a register: its AArch64 encoding, an alias, or its AArch32 view.</summary>
internal sealed record AccessorEntry(
    string MemberName,
    string ArchName,
    AccessorKind Kind,
    int Key,
    string RegisterName,
    string RegisterTypeName,
    bool IsAlias,
    int Op0OrCoproc,
    int Op1,
    int CRn,
    int CRm,
    int Op2,
    int MinEl,
    Condition Requires,
    int ReadMinEl,
    int WriteMinEl);

/// <summary>A trap rule with its controls resolved to masks of the control registers.</summary>
internal sealed record ResolvedTrapRule(int El, Condition When, EquatableArray<ResolvedControl> Controls, int To, string? Feature, string Source);

/// <param name="ControlMember">The <c>TrapControls</c> member holding the control register's value.</param>
/// <param name="Value">The field value that traps, already shifted into place.</param>
internal sealed record ResolvedControl(string ControlMember, string RegisterName, string FieldName, int Lsb, ulong Mask, ulong Value);

internal sealed record ResolvedRedirect(int El, Condition When, string TargetName, string TargetTypeName);

/// <summary>A register that trap rules read, and so a member of the generated <c>TrapControls</c>.</summary>
internal sealed record ControlRegister(string Name, string TypeName);
