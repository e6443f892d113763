/// <summary>One layout of a register.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("SysregGen", "{{GeneratorVersion}}")]
public sealed class SysregLayoutInfo
{
    internal SysregLayoutInfo(string name, int whenE2H, int whenTge, ulong res0Mask, ulong res1Mask, SysregFieldInfo[] fields)
    {
        Name = name;
        WhenE2H = whenE2H;
        WhenTge = whenTge;
        Res0Mask = res0Mask;
        Res1Mask = res1Mask;
        Fields = fields;
    }

    /// <summary>The layout's name; empty for a register's only layout.</summary>
    public string Name { get; }

    /// <summary>The HCR_EL2.E2H value that selects the layout, or -1 for either.</summary>
    public int WhenE2H { get; }

    /// <summary>The HCR_EL2.TGE value that selects the layout, or -1 for either.</summary>
    public int WhenTge { get; }

    /// <summary>RES0 bits.</summary>
    public ulong Res0Mask { get; }

    /// <summary>RES1 bits.</summary>
    public ulong Res1Mask { get; }

    /// <summary>The fields, highest bits first.</summary>
    public global::System.Collections.Generic.IReadOnlyList<SysregFieldInfo> Fields { get; }

    /// <summary>Whether the layout is in force for the effective E2H and TGE.</summary>
    public bool AppliesTo(bool e2h, bool tge) => (WhenE2H < 0 || WhenE2H == (e2h ? 1 : 0)) && (WhenTge < 0 || WhenTge == (tge ? 1 : 0));
}
