namespace SysregGen.Specs.Model;

// The equatable model of one spec file. It holds only strings, numbers, enums, LocationInfo and
// EquatableArray, so two reads of the same text compare equal and a generator can cache every
// step after the read.

/// <summary>Another AArch64 encoding of a register (a VHE <c>_EL02</c>/<c>_EL12</c> alias).</summary>
/// <param name="Name">The alias's architecture name.</param>
/// <param name="Encoding">Its encoding.</param>
/// <param name="MinEl">The lowest EL of the alias; -1 means the register's own.</param>
/// <param name="Requires">The E2H/TGE condition the alias needs.</param>
/// <param name="Location">Where the spec gives the alias.</param>
public sealed record AliasSpec(string Name, A64Encoding Encoding, int MinEl, Condition Requires, LocationInfo Location);

/// <summary>A VHE redirection: at an EL, under a condition, an access reaches another register.</summary>
/// <param name="El">The accessing EL.</param>
/// <param name="When">The E2H/TGE condition.</param>
/// <param name="To">The architecture name of the register reached.</param>
/// <param name="Location">Where the spec names the target.</param>
public sealed record RedirectSpec(int El, Condition When, string To, LocationInfo Location);

/// <summary>Which timer register a register is, for handlers that work by meaning.</summary>
/// <param name="Timer">Physical, Virtual, HypVirtual or HypPhysical.</param>
/// <param name="Register">Count, Cval, Tval or Ctl.</param>
/// <param name="Location">Where the spec gives it.</param>
public sealed record TimerMeaning(string Timer, string Register, LocationInfo Location);

/// <summary>One register, as one spec file describes it.</summary>
/// <param name="Name">The architecture name.</param>
/// <param name="TypeName">The generated value struct.</param>
/// <param name="Description">One line from the spec.</param>
/// <param name="Width">32 or 64.</param>
/// <param name="MinEl">The lowest EL that may access it.</param>
/// <param name="Access">What its own encoding allows.</param>
/// <param name="WriteMinEl">The lowest EL that may write, when above <paramref name="MinEl"/>.</param>
/// <param name="Feature">The <c>FEAT_</c> name the register needs, if any.</param>
/// <param name="Encoding">Its AArch64 encoding.</param>
/// <param name="AArch32">Its AArch32 view, if any.</param>
/// <param name="Aliases">Its other AArch64 encodings.</param>
/// <param name="Redirects">Its VHE redirections.</param>
/// <param name="Timer">Which timer register it is, if any.</param>
/// <param name="Layouts">Its layouts; several when the meaning of its bits depends on E2H/TGE.</param>
/// <param name="Traps">Its trap rules, in priority order.</param>
/// <param name="Path">The spec file.</param>
/// <param name="NameLocation">Where the spec gives the name.</param>
/// <param name="EncodingLocation">Where the spec gives the encoding.</param>
/// <param name="Mapping">The register this one is a view of (Linux's <c>Mapping</c>), whose layouts it takes; null otherwise.</param>
/// <param name="MappingLocation">Where the spec names it.</param>
public sealed record RegisterSpec(
    string Name,
    string TypeName,
    string Description,
    int Width,
    int MinEl,
    RegisterAccess Access,
    int? WriteMinEl,
    string? Feature,
    A64Encoding Encoding,
    A32Encoding? AArch32,
    EquatableArray<AliasSpec> Aliases,
    EquatableArray<RedirectSpec> Redirects,
    TimerMeaning? Timer,
    EquatableArray<LayoutSpec> Layouts,
    EquatableArray<TrapRuleSpec> Traps,
    string Path,
    LocationInfo NameLocation,
    LocationInfo EncodingLocation,
    string? Mapping = null,
    LocationInfo? MappingLocation = null)
{
    /// <summary>The value after reset (the first layout's; the validator makes every layout agree).</summary>
    public ulong ResetValue => Layouts.Count == 0 ? 0 : Layouts[0].Reset;

    /// <summary>The lowest EL that may read; 4 when reads are never allowed.</summary>
    public int ReadMinEl => Access == RegisterAccess.WO ? 4 : MinEl;

    /// <summary>The lowest EL that may write; 4 when writes are never allowed.</summary>
    public int EffectiveWriteMinEl => Access == RegisterAccess.RO ? 4 : System.Math.Max(MinEl, WriteMinEl ?? MinEl);
}
