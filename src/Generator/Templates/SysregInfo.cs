/// <summary>What the specs say about a register: names, encoding, reset, layouts.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("SysregGen", "{{GeneratorVersion}}")]
public sealed class SysregInfo
{
    internal SysregInfo(Sysreg register, string name, string typeName, string description, int width, ulong resetValue, SysregFeatures requiredFeatures, global::SysregGen.TimerId? timer, global::SysregGen.TimerRegister? timerRegister, int op0, int op1, int crn, int crm, int op2, SysregLayoutInfo[] layouts, SysregTrapRuleInfo[] trapRules)
    {
        Register = register;
        Name = name;
        TypeName = typeName;
        Description = description;
        Width = width;
        ResetValue = resetValue;
        RequiredFeatures = requiredFeatures;
        Timer = timer;
        TimerRegister = timerRegister;
        Op0 = op0;
        Op1 = op1;
        CRn = crn;
        CRm = crm;
        Op2 = op2;
        Layouts = layouts;
        TrapRules = trapRules;
    }

    /// <summary>The register.</summary>
    public Sysreg Register { get; }

    /// <summary>The architecture name.</summary>
    public string Name { get; }

    /// <summary>The generated value struct.</summary>
    public string TypeName { get; }

    /// <summary>One line from the spec.</summary>
    public string Description { get; }

    /// <summary>The width in bits.</summary>
    public int Width { get; }

    /// <summary>The value after reset.</summary>
    public ulong ResetValue { get; }

    /// <summary>The features the register needs.</summary>
    public SysregFeatures RequiredFeatures { get; }

    /// <summary>The timer the register belongs to, if any.</summary>
    public global::SysregGen.TimerId? Timer { get; }

    /// <summary>Which timer register it is, if any.</summary>
    public global::SysregGen.TimerRegister? TimerRegister { get; }

    /// <summary>AArch64 op0.</summary>
    public int Op0 { get; }

    /// <summary>AArch64 op1.</summary>
    public int Op1 { get; }

    /// <summary>AArch64 CRn.</summary>
    public int CRn { get; }

    /// <summary>AArch64 CRm.</summary>
    public int CRm { get; }

    /// <summary>AArch64 op2.</summary>
    public int Op2 { get; }

    /// <summary>The layouts; one unless the meaning of bits depends on E2H/TGE.</summary>
    public global::System.Collections.Generic.IReadOnlyList<SysregLayoutInfo> Layouts { get; }

    /// <summary>The trap rules, in priority order.</summary>
    public global::System.Collections.Generic.IReadOnlyList<SysregTrapRuleInfo> TrapRules { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
