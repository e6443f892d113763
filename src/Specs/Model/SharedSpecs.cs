namespace SysregGen.Specs.Model;

// The two kinds of spec file that describe no register but are shared by several: a field layout
// (Linux's SysregFields) and a group of trap rules. Both are equatable, like RegisterSpec.

/// <summary>A layout file: fields and reserved bits that several registers use with <c>{ "use": … }</c>.</summary>
/// <param name="Name">The layout's upper-case name (<c>TIMER_CTL</c>).</param>
/// <param name="TypeName">The generated type every register using it shares.</param>
/// <param name="Description">One line from the file.</param>
/// <param name="Width">32 or 64; a register using it must be as wide.</param>
/// <param name="Layout">The fields and reserved bits (name empty, condition always).</param>
/// <param name="Path">The file.</param>
/// <param name="NameLocation">Where the file gives the name.</param>
public sealed record SharedLayoutSpec(
    string Name,
    string TypeName,
    string Description,
    int Width,
    LayoutSpec Layout,
    string Path,
    LocationInfo NameLocation);

/// <summary>A trap-group file: rules that registers (and other groups) splice into their <c>traps</c> with <c>{ "use": … }</c>.</summary>
/// <param name="Name">The group's upper-case name (<c>CNTP_EL0_ACCESS</c>).</param>
/// <param name="Description">One line from the file.</param>
/// <param name="Traps">Its rules and uses, in priority order.</param>
/// <param name="Path">The file.</param>
/// <param name="NameLocation">Where the file gives the name.</param>
public sealed record TrapGroupSpec(
    string Name,
    string Description,
    EquatableArray<TrapRuleSpec> Traps,
    string Path,
    LocationInfo NameLocation);
