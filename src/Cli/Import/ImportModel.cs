using System.Collections.Generic;

namespace SysregGen.Cli.Import;

/// <summary>A bit range, msb first, as the spec format writes it ("63:3" or "2").</summary>
internal readonly record struct BitRange(int Msb, int Lsb)
{
    public int Width => Msb - Lsb + 1;

    public override string ToString() => Msb == Lsb ? $"{Msb}" : $"{Msb}:{Lsb}";
}

/// <summary>Where something was written in the imported file.</summary>
internal readonly record struct SourcePosition(int Line, int Column);

/// <summary>How a field was declared: <c>Field</c>, <c>Enum</c>, <c>UnsignedEnum</c> or <c>SignedEnum</c>.</summary>
internal enum FieldKind
{
    Plain,
    Enum,
    UnsignedEnum,
    SignedEnum,
}

/// <summary>A named value of an enumerated field, kept as the bit pattern the file writes.</summary>
internal sealed record EnumValue(string Name, ulong Value);

/// <summary>A field of a layout, with its Linux name and the names the spec will carry.</summary>
internal sealed class ImportedField(string linuxName, string name, BitRange bits, FieldKind kind, SourcePosition at)
{
    public string LinuxName { get; } = linuxName;

    /// <summary>The spec's architecture name: the Linux name in upper case.</summary>
    public string Name { get; set; } = name;

    /// <summary>The C# property, where the default (PascalCase of <see cref="Name"/>) would not do.</summary>
    public string? PropertyName { get; set; }

    public BitRange Bits { get; } = bits;

    public FieldKind Kind { get; } = kind;

    public SourcePosition At { get; } = at;

    public List<EnumValue> Values { get; } = [];
}

/// <summary>The kinds of range that describe bits without a field.</summary>
internal enum RangeKind
{
    Res0,
    Res1,
    Unkn,
    Raz,
}

/// <summary>A reserved range and where it was written.</summary>
internal sealed record ReservedRange(RangeKind Kind, BitRange Bits, SourcePosition At);

/// <summary>
/// The bit descriptions of a Sysreg, a SysregFields or a Prefix block: its own fields and ranges,
/// or a reference (<c>Fields NAME</c>) to a shared layout.
/// </summary>
internal sealed class LayoutBody(SourcePosition at)
{
    public SourcePosition At { get; } = at;

    public List<ImportedField> Fields { get; } = [];

    public List<ReservedRange> Ranges { get; } = [];

    public string? Use { get; set; }

    public SourcePosition UseAt { get; set; }

    public bool IsEmpty => Fields.Count == 0 && Ranges.Count == 0 && Use is null;
}

/// <summary>A layout that applies only with a feature (a <c>Prefix FEAT_X</c> block).</summary>
internal sealed record FeatureLayout(string Feature, string Name, LayoutBody Body);

/// <summary>The AArch64 encoding of a register.</summary>
internal readonly record struct SysregEncoding(int Op0, int Op1, int CRn, int CRm, int Op2)
{
    public override string ToString() => $"({Op0}, {Op1}, {CRn}, {CRm}, {Op2})";
}

/// <summary>A <c>Sysreg</c> block.</summary>
internal sealed class ImportedRegister(string name, SysregEncoding encoding, SourcePosition at)
{
    public string Name { get; } = name;

    public SysregEncoding Encoding { get; } = encoding;

    public SourcePosition At { get; } = at;

    public LayoutBody Default { get; set; } = new(at);

    public List<FeatureLayout> FeatureLayouts { get; } = [];

    public string? Mapping { get; set; }

    public SourcePosition MappingAt { get; set; }

    /// <summary>Set by an error in the block: it is reported, and the register is not written.</summary>
    public bool Broken { get; set; }

    public string? TypeName { get; set; }
}

/// <summary>A <c>SysregFields</c> block: a layout several registers share.</summary>
internal sealed class ImportedLayout(string name, SourcePosition at)
{
    public string Name { get; } = name;

    public SourcePosition At { get; } = at;

    public LayoutBody Body { get; } = new(at);

    public bool Broken { get; set; }

    public string TypeName { get; set; } = "";
}

/// <summary>What the parser read: the blocks in file order.</summary>
internal sealed record ImportedFile(IReadOnlyList<ImportedRegister> Registers, IReadOnlyList<ImportedLayout> Layouts);
