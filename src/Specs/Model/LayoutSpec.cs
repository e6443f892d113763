namespace SysregGen.Specs.Model;

/// <summary>A named value of an enumerated field.</summary>
/// <param name="Name">The C# member name.</param>
/// <param name="Value">The field value, unshifted.</param>
public sealed record EnumValueSpec(string Name, ulong Value);

/// <summary>A field of a layout.</summary>
/// <param name="Name">The architecture name.</param>
/// <param name="PropertyName">The generated property.</param>
/// <param name="Msb">The highest bit.</param>
/// <param name="Lsb">The lowest bit.</param>
/// <param name="Access">What a write does to it.</param>
/// <param name="Reset">The reset value, unshifted.</param>
/// <param name="IsSigned">Whether it is a two's-complement integer.</param>
/// <param name="Enum">The named values; empty for a plain number.</param>
/// <param name="Feature">The <c>FEAT_</c> name that gives the field meaning, if any.</param>
/// <param name="Description">One line from the spec; may be empty.</param>
/// <param name="Location">Where the spec gives the field.</param>
public sealed record FieldSpec(
    string Name,
    string PropertyName,
    int Msb,
    int Lsb,
    FieldAccess Access,
    ulong Reset,
    bool IsSigned,
    EquatableArray<EnumValueSpec> Enum,
    string? Feature,
    string Description,
    LocationInfo Location)
{
    /// <summary>The number of bits.</summary>
    public int Width => Msb - Lsb + 1;

    /// <summary>The bits in place.</summary>
    public ulong Mask => Bits.Mask(Msb, Lsb);
}

/// <summary>One meaning of a register's bits: its fields and reserved bits, under a condition.</summary>
/// <param name="Name">The layout's name; empty for a register's only layout.</param>
/// <param name="When">When the layout applies.</param>
/// <param name="Fields">The fields, in spec order.</param>
/// <param name="Res0">The RES0 bits.</param>
/// <param name="Res1">The RES1 bits.</param>
/// <param name="Location">Where the spec gives the layout.</param>
/// <param name="Unkn">The UNKNOWN bits (Linux's <c>Unkn</c>): described, never written.</param>
/// <param name="Raz">The read-as-zero bits (Linux's <c>Raz</c>): described, never written.</param>
/// <param name="Feature">The <c>FEAT_</c> name under which this layout replaces the default one for its <paramref name="When"/>; null for a default layout.</param>
/// <param name="Shared">The shared layout this entry uses (<c>{ "use": "TIMER_CTL" }</c>), if any. Until the
/// cross-spec resolution fills them in, such an entry has no fields.</param>
/// <param name="SharedTypeName">The generated type of <paramref name="Shared"/>; null until resolved.</param>
/// <param name="SharedLocation">Where the entry names the shared layout.</param>
public sealed record LayoutSpec(
    string Name,
    Condition When,
    EquatableArray<FieldSpec> Fields,
    ulong Res0,
    ulong Res1,
    LocationInfo Location,
    ulong Unkn = 0,
    ulong Raz = 0,
    string? Feature = null,
    string? Shared = null,
    string? SharedTypeName = null,
    LocationInfo? SharedLocation = null)
{
    /// <summary>Whether this entry still waits for its shared layout's fields.</summary>
    public bool IsUnresolvedUse => Shared is not null && SharedTypeName is null;

    /// <summary>The register value after reset in this layout: the field resets, plus RES1.</summary>
    public ulong Reset
    {
        get
        {
            ulong value = Res1;
            foreach (FieldSpec f in Fields)
            {
                value |= (f.Reset << f.Lsb) & f.Mask;
            }

            return value;
        }
    }
}
