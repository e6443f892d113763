/// <summary>A field of a register layout.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("SysregGen", "{{GeneratorVersion}}")]
public sealed class SysregFieldInfo
{
    internal SysregFieldInfo(string name, string propertyName, int msb, int lsb, global::SysregGen.FieldAccess access, ulong reset, bool isSigned, SysregFeatures requiredFeatures)
    {
        Name = name;
        PropertyName = propertyName;
        Msb = msb;
        Lsb = lsb;
        Access = access;
        Reset = reset;
        IsSigned = isSigned;
        RequiredFeatures = requiredFeatures;
    }

    /// <summary>The architecture name.</summary>
    public string Name { get; }

    /// <summary>The generated property.</summary>
    public string PropertyName { get; }

    /// <summary>The highest bit.</summary>
    public int Msb { get; }

    /// <summary>The lowest bit.</summary>
    public int Lsb { get; }

    /// <summary>The number of bits.</summary>
    public int Width => Msb - Lsb + 1;

    /// <summary>The bits in place.</summary>
    public ulong Mask => (Width == 64 ? ulong.MaxValue : ((1UL << Width) - 1)) << Lsb;

    /// <summary>What a write may do.</summary>
    public global::SysregGen.FieldAccess Access { get; }

    /// <summary>The reset value, unshifted.</summary>
    public ulong Reset { get; }

    /// <summary>Whether the field is a two's-complement integer.</summary>
    public bool IsSigned { get; }

    /// <summary>The feature that gives the field meaning.</summary>
    public SysregFeatures RequiredFeatures { get; }

    /// <inheritdoc/>
    public override string ToString() => Msb == Lsb ? $"{Name}[{Msb}]" : $"{Name}[{Msb}:{Lsb}]";
}
