using System.Linq;

namespace SysregGen.Specs.Model;

// The model of everything generated from all specs together: the register and accessor enums, the
// encoding lookups, the dispatch table, the trap decisions and the catalog. It is built from the
// valid specs after the cross-spec checks, carries no source locations (so that moving text around
// in a spec does not re-emit the tables) and is sorted so that output is independent of input order.

/// <summary>Every register, accessor, feature and trap control of a spec set, sorted.</summary>
/// <param name="Namespace">The namespace of the generated code.</param>
/// <param name="Registers">The registers, by AArch64 encoding.</param>
/// <param name="Accessors">The encodings that reach them, by form and then encoding.</param>
/// <param name="Features">The <c>FEAT_</c> names the specs depend on, in ordinal order.</param>
/// <param name="ControlRegisters">The registers trap rules read, by type name.</param>
public sealed record TableModel(
    string Namespace,
    EquatableArray<RegisterEntry> Registers,
    EquatableArray<AccessorEntry> Accessors,
    EquatableArray<string> Features,
    EquatableArray<ControlRegister> ControlRegisters)
{
    /// <summary>The namespace of the generated code unless a project sets another (SysregGenNamespace).</summary>
    public const string DefaultNamespace = "SysregGen.Registers";

    /// <summary>The model without the registers' descriptions: what every table file but the catalog is emitted from, so a description edit leaves it equal.</summary>
    /// <returns>The projection.</returns>
    public TableModel WithoutDescriptions() =>
        this with { Registers = Registers.Select(r => r with { Description = "" }).ToEquatableArray() };

    /// <summary>The tables of no register at all.</summary>
    /// <param name="namespace">The namespace of the generated code.</param>
    /// <returns>The empty model.</returns>
    public static TableModel Empty(string @namespace) =>
        new(@namespace, EquatableArray<RegisterEntry>.Empty, EquatableArray<AccessorEntry>.Empty, EquatableArray<string>.Empty, EquatableArray<ControlRegister>.Empty);
}

/// <summary>A register as the tables need it.</summary>
/// <param name="Name">The architecture name.</param>
/// <param name="TypeName">The generated value struct.</param>
/// <param name="Description">One line from the spec.</param>
/// <param name="Width">32 or 64.</param>
/// <param name="ResetValue">The value after reset.</param>
/// <param name="Feature">The <c>FEAT_</c> name the register needs, if any.</param>
/// <param name="Timer">The timer it belongs to, if any.</param>
/// <param name="TimerRegister">Which timer register it is, if any.</param>
/// <param name="Encoding">Its AArch64 encoding.</param>
/// <param name="Layouts">Its layouts.</param>
/// <param name="TrapRules">Its trap rules, resolved, in priority order.</param>
/// <param name="Redirects">Its VHE redirections, resolved.</param>
public sealed record RegisterEntry(
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

/// <summary>A layout as the catalog describes it.</summary>
/// <param name="Name">The layout's name; empty for a register's only layout.</param>
/// <param name="When">When it applies.</param>
/// <param name="Res0">The RES0 bits.</param>
/// <param name="Res1">The RES1 bits.</param>
/// <param name="Fields">The fields, highest bits first.</param>
/// <param name="Feature">The <c>FEAT_</c> name under which it replaces the default layout, if any.</param>
/// <param name="Shared">The shared layout it uses (<c>TIMER_CTL</c>), if any; its fields are listed all the same.</param>
/// <param name="Unkn">The UNKNOWN bits.</param>
/// <param name="Raz">The read-as-zero bits.</param>
public sealed record CatalogLayout(string Name, Condition When, ulong Res0, ulong Res1, EquatableArray<CatalogField> Fields,
    string? Feature = null, string? Shared = null, ulong Unkn = 0, ulong Raz = 0);

/// <summary>A field as the catalog describes it.</summary>
/// <param name="Name">The architecture name.</param>
/// <param name="PropertyName">The generated property.</param>
/// <param name="Msb">The highest bit.</param>
/// <param name="Lsb">The lowest bit.</param>
/// <param name="Access">What a write does to it.</param>
/// <param name="Reset">The reset value, unshifted.</param>
/// <param name="IsSigned">Whether it is a two's-complement integer.</param>
/// <param name="Feature">The <c>FEAT_</c> name that gives it meaning, if any.</param>
public sealed record CatalogField(string Name, string PropertyName, int Msb, int Lsb, FieldAccess Access, ulong Reset, bool IsSigned, string? Feature);

/// <summary>One encoding that reaches a register: its AArch64 encoding, an alias, or its AArch32 view.</summary>
/// <param name="MemberName">The <c>SysregAccessor</c> member.</param>
/// <param name="ArchName">The architecture name of the encoding.</param>
/// <param name="Kind">The instruction form.</param>
/// <param name="Key">The packed encoding (<see cref="A64Encoding.Key"/> or <see cref="A32Encoding.Key"/>).</param>
/// <param name="RegisterName">The architecture name of the register reached.</param>
/// <param name="RegisterTypeName">The value struct of the register reached.</param>
/// <param name="IsAlias">Whether it is an alias encoding.</param>
/// <param name="Op0OrCoproc">op0, or the coprocessor of an AArch32 view.</param>
/// <param name="Op1">op1 or opc1.</param>
/// <param name="CRn">CRn (0 for MRRC/MCRR).</param>
/// <param name="CRm">CRm.</param>
/// <param name="Op2">op2 or opc2 (0 for MRRC/MCRR).</param>
/// <param name="MinEl">The lowest EL that may use it.</param>
/// <param name="Requires">The E2H/TGE condition it needs.</param>
/// <param name="ReadMinEl">The lowest EL that may read; 4 for none.</param>
/// <param name="WriteMinEl">The lowest EL that may write; 4 for none.</param>
public sealed record AccessorEntry(
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
    int WriteMinEl)
{
    /// <summary>The instruction and its operands as an assembler writes them: <c>MRS/MSR 3, 3, c14, c2, 1</c>, <c>MRC/MCR p15, 0, c14, c2, 1</c>, <c>MRRC/MCRR p15, 2, c14</c>.</summary>
    public string Instruction => Kind switch
    {
        AccessorKind.AArch64 => $"MRS/MSR {Op0OrCoproc}, {Op1}, c{CRn}, c{CRm}, {Op2}",
        AccessorKind.AArch32 => $"MRC/MCR p{Op0OrCoproc}, {Op1}, c{CRn}, c{CRm}, {Op2}",
        _ => $"MRRC/MCRR p{Op0OrCoproc}, {Op1}, c{CRm}",
    };
}

/// <summary>A trap rule with its controls resolved to masks of the control registers.</summary>
/// <param name="El">The accessing EL.</param>
/// <param name="When">The E2H/TGE condition.</param>
/// <param name="Controls">The control-field conditions.</param>
/// <param name="To">The EL the access traps to.</param>
/// <param name="Feature">The <c>FEAT_</c> name the rule needs, if any.</param>
/// <param name="Source">Which spec rule it is, for messages.</param>
public sealed record ResolvedTrapRule(int El, Condition When, EquatableArray<ResolvedControl> Controls, int To, string? Feature, string Source);

/// <summary>A trap control resolved to the bits of its field.</summary>
/// <param name="ControlMember">The <c>TrapControls</c> member holding the control register's value.</param>
/// <param name="RegisterName">The control register's architecture name.</param>
/// <param name="FieldName">The field's architecture name.</param>
/// <param name="Lsb">The field's lowest bit.</param>
/// <param name="Mask">The field's bits in place.</param>
/// <param name="Value">The field value that traps, already shifted into place.</param>
public sealed record ResolvedControl(string ControlMember, string RegisterName, string FieldName, int Lsb, ulong Mask, ulong Value);

/// <summary>A VHE redirection resolved to its target.</summary>
/// <param name="El">The accessing EL.</param>
/// <param name="When">The E2H/TGE condition.</param>
/// <param name="TargetName">The architecture name of the register reached.</param>
/// <param name="TargetTypeName">Its value struct.</param>
public sealed record ResolvedRedirect(int El, Condition When, string TargetName, string TargetTypeName);

/// <summary>A register that trap rules read, and so a member of the generated <c>TrapControls</c>.</summary>
/// <param name="Name">The architecture name.</param>
/// <param name="TypeName">The value struct, which is also the member name.</param>
public sealed record ControlRegister(string Name, string TypeName);
