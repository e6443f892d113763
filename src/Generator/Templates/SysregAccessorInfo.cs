/// <summary>One row of the dispatch table: an encoding, the register it reaches and who may use it.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("SysregGen", "{{GeneratorVersion}}")]
public readonly struct SysregAccessorInfo
{
    internal SysregAccessorInfo(SysregAccessor accessor, string name, Sysreg register, global::SysregGen.SysregEncoding encoding, bool isAlias, int minEl, int requiresE2H, int requiresTge, int readMinEl, int writeMinEl, SysregFeatures requiredFeatures)
    {
        Accessor = accessor;
        Name = name;
        Register = register;
        Encoding = encoding;
        IsAlias = isAlias;
        MinEl = (byte)minEl;
        RequiresE2H = (sbyte)requiresE2H;
        RequiresTge = (sbyte)requiresTge;
        ReadMinEl = (byte)readMinEl;
        WriteMinEl = (byte)writeMinEl;
        RequiredFeatures = requiredFeatures;
    }

    /// <summary>The accessor.</summary>
    public SysregAccessor Accessor { get; }

    /// <summary>The architecture name of the encoding (CNTP_CTL_EL02, CNTP_CTL, …).</summary>
    public string Name { get; }

    /// <summary>The register whose storage the encoding reaches.</summary>
    public Sysreg Register { get; }

    /// <summary>The encoding.</summary>
    public global::SysregGen.SysregEncoding Encoding { get; }

    /// <summary>The instruction form.</summary>
    public global::SysregGen.AccessorKind Kind => Encoding.Kind;

    /// <summary>Whether this is an alias encoding (VHE *_EL02/*_EL12), which VHE redirection does not apply to.</summary>
    public bool IsAlias { get; }

    /// <summary>The lowest EL that may use the encoding.</summary>
    public byte MinEl { get; }

    /// <summary>The HCR_EL2.E2H value the encoding needs, or -1 for either.</summary>
    public sbyte RequiresE2H { get; }

    /// <summary>The HCR_EL2.TGE value the encoding needs, or -1 for either.</summary>
    public sbyte RequiresTge { get; }

    /// <summary>The lowest EL that may read; 4 when the register cannot be read.</summary>
    public byte ReadMinEl { get; }

    /// <summary>The lowest EL that may write; 4 when the register cannot be written.</summary>
    public byte WriteMinEl { get; }

    /// <summary>The features the register needs.</summary>
    public SysregFeatures RequiredFeatures { get; }

    /// <summary>Whether any EL may read through this encoding.</summary>
    public bool CanRead => ReadMinEl <= 3;

    /// <summary>Whether any EL may write through this encoding.</summary>
    public bool CanWrite => WriteMinEl <= 3;

    /// <inheritdoc/>
    public override string ToString() => Name;

}
